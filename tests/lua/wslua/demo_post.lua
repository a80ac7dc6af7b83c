-- A post-dissector on every packet: counts each conversation's packets and bytes so far
-- (in a Lua table keyed by the address pair, which works in tshark 4.0 and luacap alike).
local p = Proto("demopost", "Demo Post-dissector")
local f = {
    packets = ProtoField.uint32("demopost.packets", "Conversation packets"),
    bytes = ProtoField.uint32("demopost.bytes", "Conversation bytes"),
}
p.fields = {f.packets, f.bytes}
local counts = {}

function p.dissector(tvb, pinfo, tree)
    local a, b = tostring(pinfo.src) .. ":" .. pinfo.src_port, tostring(pinfo.dst) .. ":" .. pinfo.dst_port
    local key = a < b and a .. "-" .. b or b .. "-" .. a
    local c = counts[key] or {packets = 0, bytes = 0}
    counts[key] = c
    if not pinfo.visited then
        c.packets = c.packets + 1
        c.bytes = c.bytes + pinfo.len
    end
    local t = tree:add(p, tvb(0, 0))
    t:add(f.packets, c.packets)
    t:add(f.bytes, c.bytes)
end

function p.init()
    counts = {}
end

register_postdissector(p)
