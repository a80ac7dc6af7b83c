-- demo-pdu (TCP 7003): 4-byte length-prefixed PDUs (type byte + text). Several PDUs share a
-- segment and one PDU may span many: desegment_len / desegment_offset as Wireshark wants.
local p = Proto("demopdu", "Demo PDU")

local pduTypes = {[1] = "Hello", [2] = "Data", [3] = "Bye"}
local f = {
    len = ProtoField.uint32("demopdu.len", "Length"),
    type = ProtoField.uint8("demopdu.type", "Type", base.DEC, pduTypes),
    size = ProtoField.uint32("demopdu.textlen", "Text length"),
    head = ProtoField.string("demopdu.head", "Text head"),
}
p.fields = {f.len, f.type, f.size, f.head}

function p.dissector(tvb, pinfo, tree)
    local off, total = 0, tvb:len()
    while off < total do
        if total - off < 4 then
            pinfo.desegment_offset = off
            pinfo.desegment_len = DESEGMENT_ONE_MORE_SEGMENT
            return total
        end
        local len = tvb(off, 4):uint()
        if total - off - 4 < len then
            pinfo.desegment_offset = off
            pinfo.desegment_len = len - (total - off - 4)
            return total
        end
        pinfo.cols.protocol = "DEMOPDU"
        local t = tree:add(p, tvb(off, 4 + len))
        t:add(f.len, tvb(off, 4))
        t:add(f.type, tvb(off + 4, 1))
        t:add(f.size, len - 1)
        t:add(f.head, tvb(off + 5, math.min(8, len - 1)))
        off = off + 4 + len
    end
    return total
end

DissectorTable.get("tcp.port"):add(7003, p)
