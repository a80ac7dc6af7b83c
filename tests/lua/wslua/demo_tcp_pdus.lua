-- demo-pdu (TCP 7003) again, through dissect_tcp_pdus: the PDU loop and the desegmentation
-- requests are Wireshark's (or luacap's) instead of the script's own.
local p = Proto("demotcppdus", "Demo PDU via dissect_tcp_pdus")
local pduTypes = {[1] = "Hello", [2] = "Data", [3] = "Bye"}
local f = {
    len = ProtoField.uint32("demotcppdus.len", "Length"),
    type = ProtoField.uint8("demotcppdus.type", "Type", base.DEC, pduTypes),
    head = ProtoField.string("demotcppdus.head", "Text head"),
}
p.fields = {f.len, f.type, f.head}

local function pduLength(tvb, pinfo, offset)
    return 4 + tvb(offset, 4):uint()
end

local function dissectPdu(tvb, pinfo, tree)
    pinfo.cols.protocol = "DEMOTCPPDUS"
    local t = tree:add(p, tvb())
    t:add(f.len, tvb(0, 4))
    t:add(f.type, tvb(4, 1))
    t:add(f.head, tvb(5, math.min(8, tvb:len() - 5)))
    return tvb:len()
end

function p.dissector(tvb, pinfo, tree)
    return dissect_tcp_pdus(tvb, tree, 4, pduLength, dissectPdu)
end

DissectorTable.get("tcp.port"):add(7003, p)
