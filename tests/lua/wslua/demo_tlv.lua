-- demo-tlv (UDP 7002): "TL", a count, then type/length/value items, one subtree per item;
-- an unknown type raises a ProtoExpert. Ports come from a preference (range string).
local p = Proto("demotlv", "Demo TLV")

local itemTypes = {[1] = "Name", [2] = "Counter", [3] = "Address", [4] = "Data", [5] = "Address6", [6] = "Signed"}
local f = {
    count = ProtoField.uint8("demotlv.count", "Count"),
    itype = ProtoField.uint8("demotlv.type", "Type", base.DEC, itemTypes),
    ilen = ProtoField.uint8("demotlv.length", "Length"),
    name = ProtoField.string("demotlv.name", "Name"),
    counter = ProtoField.uint32("demotlv.counter", "Counter"),
    addr = ProtoField.ipv4("demotlv.addr", "Address"),
    data = ProtoField.bytes("demotlv.data", "Data"),
    addr6 = ProtoField.ipv6("demotlv.addr6", "Address6"),
    signed = ProtoField.int16("demotlv.signed", "Signed"),
}
p.fields = {f.count, f.itype, f.ilen, f.name, f.counter, f.addr, f.data, f.addr6, f.signed}
local badType = ProtoExpert.new("demotlv.badtype", "Unknown item type", expert.group.MALFORMED, expert.severity.WARN)
p.experts = {badType}
p.prefs.ports = Pref.range("Ports", "7002", "UDP ports", 65535)

local valueField = {f.name, f.counter, f.addr, f.data, f.addr6, f.signed}

function p.dissector(tvb, pinfo, tree)
    if tvb:len() < 3 or tvb(0, 2):string() ~= "TL" then return 0 end
    pinfo.cols.protocol = "DEMOTLV"
    local t = tree:add(p, tvb())
    local count = tvb(2, 1):uint()
    t:add(f.count, tvb(2, 1))
    local off = 3
    for i = 1, count do
        local itype, ilen = tvb(off, 1):uint(), tvb(off + 1, 1):uint()
        local item = t:add(p, tvb(off, 2 + ilen), "Item " .. i .. ": " .. (itemTypes[itype] or "?"))
        item:add(f.itype, tvb(off, 1))
        item:add(f.ilen, tvb(off + 1, 1))
        local vf = valueField[itype]
        if vf then
            item:add(vf, tvb(off + 2, ilen))
        else
            item:add_proto_expert_info(badType)
        end
        off = off + 2 + ilen
    end
    return off
end

local udp = DissectorTable.get("udp.port")
function p.init()
    udp:add(p.prefs.ports, p)
end
