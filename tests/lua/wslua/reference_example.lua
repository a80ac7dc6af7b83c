-- The example of ../shared/reference/wslua-conversation.md with its placeholders filled in
-- (its `{ some : "initial" }` tables written as Lua, `some_cond` a real condition), over
-- demo-rr traffic: conversation data across packets, packet data per frame, and
-- session:table() on the same store (key "arkime").
local conversation = require "wslua_conversation"

local my_proto = Proto("refex", "Reference example")
local f_seen = ProtoField.uint32("refex.seen", "Packets seen in the conversation")
local f_pdata = ProtoField.string("refex.pdata", "Packet data")
local f_first = ProtoField.uint32("refex.first", "First frame")
my_proto.fields = {f_seen, f_pdata, f_first}

function my_proto.dissector(buffer, pinfo, tree)
    local conv = conversation.get_conv_data(my_proto, pinfo)
    if next(conv) == nil then
        conv = { some = "initial", values = "etc", seen = 0, first = pinfo.number }
        conversation.set_conv_data(my_proto, pinfo, conv)
    end
    if not pinfo.visited then
        conv.some_stateful_info = "blah"
        conv.seen = conv.seen + 1
        conversation.set_conv_data(my_proto, pinfo, conv)
        if buffer(0, 1):string() == "R" then
            conversation.set_packet_data(my_proto, pinfo, { some = 'more', data = 'blah' .. conv.seen })
        end
    end
    local pdata = conversation.get_packet_data(my_proto, pinfo)
    local t = tree:add(my_proto, buffer())
    t:add(f_seen, conv.seen)
    t:add(f_first, conv.first)
    if pdata then t:add(f_pdata, pdata.data) end
end

DissectorTable.get("udp.port"):add(7005, my_proto)

-- The Arkime API sees the same store: session:table() is the conversation data of "arkime".
local arkime = Proto("arkime", "session:table() key")
function arkime_save(session)
    local t = session:table()
    session:add_string("refex.saved", tostring(t.mark))
end
Arkime.define_field("refex.saved", "kind:termfield;db:refex.saved")
ArkimeSession.register_pre_save("arkime_save")
local marker = Proto("refexmark", "Marks session:table() through pinfo.conversation")
function marker.dissector(tvb, pinfo, tree)
    local t = pinfo.conversation[arkime] or {}
    t.mark = "set by a dissector"
    pinfo.conversation[arkime] = t
end
register_postdissector(marker)
