-- demo-rr2 (UDP 7005): the request/response protocol of demo_rr.lua, matched the way
-- Wireshark's "Response in" fields are: pass one shares one transaction table between the
-- request's and the response's packet data, so pass two (tshark -2, luacap --two-pass)
-- shows the response frame in the request. Plain Lua tables stand in for the conversation
-- module under tshark 4.0, which has none.
local p = Proto("demorr2", "Demo Request Response Two-Pass")
local f = {
    kind = ProtoField.string("demorr2.kind", "Kind"),
    txid = ProtoField.uint16("demorr2.txid", "Transaction", base.HEX),
    op = ProtoField.uint8("demorr2.op", "Operation"),
    status = ProtoField.uint8("demorr2.status", "Status"),
    respIn = ProtoField.framenum("demorr2.response_in", "Response in"),
    reqIn = ProtoField.framenum("demorr2.request_in", "Request in"),
    visited = ProtoField.bool("demorr2.visited", "Visited"),
}
p.fields = {f.kind, f.txid, f.op, f.status, f.respIn, f.reqIn, f.visited}

local ok, conversation = pcall(require, "wslua_conversation")
if not ok then
    local convs, packets = {}, {}
    local function key(pinfo)
        local a, b = tostring(pinfo.src) .. ":" .. pinfo.src_port, tostring(pinfo.dst) .. ":" .. pinfo.dst_port
        return a < b and a .. "-" .. b or b .. "-" .. a
    end
    conversation = {
        get_conv_data = function(_, pinfo) return convs[key(pinfo)] end,
        set_conv_data = function(_, pinfo, v) convs[key(pinfo)] = v end,
        get_packet_data = function(_, pinfo) return packets[pinfo.number] end,
        set_packet_data = function(_, pinfo, v) packets[pinfo.number] = v end,
    }
end

-- Pass one: requests open a transaction, responses close it; both frames keep it.
local function track(kind, txid, pinfo)
    local conv = conversation.get_conv_data(p, pinfo)
    if not conv or not conv.tx then conv = {tx = {}} end   -- luacap's module gives {} when unset
    if kind == "Q" then
        conv.tx[txid] = {request = pinfo.number}
        conversation.set_packet_data(p, pinfo, conv.tx[txid])
    elseif conv.tx[txid] and not conv.tx[txid].response then
        conv.tx[txid].response = pinfo.number
        conversation.set_packet_data(p, pinfo, conv.tx[txid])
    end
    conversation.set_conv_data(p, pinfo, conv)
end

function p.dissector(tvb, pinfo, tree)
    if tvb:len() ~= 4 then return 0 end
    local kind = tvb(0, 1):string()
    pinfo.cols.protocol = "DEMORR2"
    if not pinfo.visited then track(kind, tvb(1, 2):uint(), pinfo) end
    local t = tree:add(p, tvb())
    t:add(f.kind, tvb(0, 1))
    t:add(f.txid, tvb(1, 2))
    t:add(f.visited, pinfo.visited):set_generated()
    local tr = conversation.get_packet_data(p, pinfo)
    if kind == "Q" then
        t:add(f.op, tvb(3, 1))
        if tr and tr.response then t:add(f.respIn, tr.response):set_generated() end
    else
        t:add(f.status, tvb(3, 1))
        if tr then t:add(f.reqIn, tr.request):set_generated() end
    end
    return 4
end

DissectorTable.get("udp.port"):add(7005, p)
