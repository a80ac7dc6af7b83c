-- wslua_conv_bytes.lua - the post-dissector wslua_bench.sh runs under tshark and luacap:
-- counts bytes and packets per conversation. luacap keeps them in its conversation store;
-- tshark 4.0 has no conversation API in Lua, so there a table keyed by the address pair
-- stands in (the same work a 4.0 script has to do).
local p = Proto("convbytes", "Per-conversation bytes")

local ok, conversation = pcall(require, "wslua_conversation")
if not ok then
    local convs = {}
    local function key(pinfo)
        local a, b = tostring(pinfo.src) .. ":" .. pinfo.src_port, tostring(pinfo.dst) .. ":" .. pinfo.dst_port
        return a < b and a .. "-" .. b or b .. "-" .. a
    end
    conversation = {
        get_conv_data = function(_, pinfo) return convs[key(pinfo)] end,
        set_conv_data = function(_, pinfo, v) convs[key(pinfo)] = v end,
    }
end

function p.dissector(tvb, pinfo, tree)
    local c = conversation.get_conv_data(p, pinfo)
    if not c or not c.packets then
        c = {bytes = 0, packets = 0}
        conversation.set_conv_data(p, pinfo, c)
    end
    c.bytes = c.bytes + tvb:len()
    c.packets = c.packets + 1
end

register_postdissector(p)
