-- demo-rr (UDP 7005): requests 'Q' txid op answered by 'R' txid status (in any order),
-- matched with conversation data; each packet keeps its match as packet data. Uses luacap's
-- conversation module, or plain Lua tables where it is absent (tshark 4.0), so both agree.
local p = Proto("demorr", "Demo Request Response")
local f = {
    kind = ProtoField.string("demorr.kind", "Kind"),
    txid = ProtoField.uint16("demorr.txid", "Transaction", base.HEX),
    op = ProtoField.uint8("demorr.op", "Operation"),
    status = ProtoField.uint8("demorr.status", "Status", base.DEC, {[0] = "OK", [1] = "Retry", [2] = "Error"}),
    respIn = ProtoField.framenum("demorr.response_in", "Response in"),
    reqIn = ProtoField.framenum("demorr.request_in", "Request in"),
}
p.fields = {f.kind, f.txid, f.op, f.status, f.respIn, f.reqIn}

local ok, conversation = pcall(require, "wslua_conversation")
if not ok then   -- Wireshark 4.0: the same API on Lua tables keyed by the address pair
    local convs, packets = {}, {}
    local function key(pinfo)
        local a, b = tostring(pinfo.src) .. ":" .. pinfo.src_port, tostring(pinfo.dst) .. ":" .. pinfo.dst_port
        return a < b and a .. "-" .. b or b .. "-" .. a
    end
    conversation = {
        get_conv_data = function(_, pinfo) return convs[key(pinfo)] or {} end,
        set_conv_data = function(_, pinfo, v) convs[key(pinfo)] = v end,
        get_packet_data = function(_, pinfo) return packets[pinfo.number] end,
        set_packet_data = function(_, pinfo, v) packets[pinfo.number] = v end,
    }
end

function p.dissector(tvb, pinfo, tree)
    if tvb:len() ~= 4 then return 0 end
    local kind = tvb(0, 1):string()
    local txid = tvb(1, 2):uint()
    pinfo.cols.protocol = "DEMORR"
    local conv = conversation.get_conv_data(p, pinfo)
    if next(conv) == nil then
        conv = {requests = {}}
    end
    if not pinfo.visited then
        if kind == "Q" then
            conv.requests[txid] = pinfo.number
        elseif conv.requests[txid] then
            conversation.set_packet_data(p, pinfo, {request = conv.requests[txid]})
        end
        conversation.set_conv_data(p, pinfo, conv)
    end
    local t = tree:add(p, tvb())
    t:add(f.kind, tvb(0, 1))
    t:add(f.txid, tvb(1, 2))
    if kind == "Q" then
        t:add(f.op, tvb(3, 1))
    else
        t:add(f.status, tvb(3, 1))
        local pdata = conversation.get_packet_data(p, pinfo)
        if pdata then t:add(f.reqIn, pdata.request):set_generated() end
    end
    return 4
end

DissectorTable.get("udp.port"):add(7005, p)
