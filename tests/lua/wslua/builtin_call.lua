-- Hands bytes to luacap's built-in DNS parser from a Lua dissector: every demo-fixed datagram
-- (UDP 7001, which no built-in classifier claims) carries a DNS query built with ByteArray,
-- so its name must reach the record's dns objects, and Field.new("protocol") shows "dns".
local p = Proto("builtincall", "Built-in call")
local seen = ProtoField.string("builtincall.seen", "Seen")
local taken = ProtoField.uint32("builtincall.taken", "Taken")
p.fields = {seen, taken}
local protocols = Field.new("protocol")   -- a session field: the classifier adds "dns"
local dns = Dissector.get("dns")
local query = ByteArray.new("12340100000100000000000007" .. "6578616d706c65" .. "03636f6d00" .. "00010001")

function p.dissector(tvb, pinfo, tree)
    if pinfo.visited then return 0 end
    local t = tree:add(p, tvb())
    t:add(taken, dns:call(query:tvb("query"), pinfo, t))
    for _, fi in ipairs({protocols()}) do t:add(seen, tostring(fi)) end
    return tvb:len()
end

DissectorTable.get("udp.port"):add(7001, p)
