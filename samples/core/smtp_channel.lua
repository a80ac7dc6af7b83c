-- Sample: a line-based protocol parser on a stream channel (Channel.parser). SMTP is
-- classified by the server's "220 " banner; from then on each direction's bytes go through a
-- channel, so the parser takes whole lines even when a line is split across TCP segments
-- (long DATA bodies are), and never buffers by hand. Counts client commands, server replies
-- and mail body lines, and records the MAIL FROM address.
local commandsField = Arkime.define_field("sample.channel.commands", "kind:integer;db:sample.channel.commands")
local repliesField = Arkime.define_field("sample.channel.replies", "kind:integer;db:sample.channel.replies")
local bodyField = Arkime.define_field("sample.channel.bodylines", "kind:integer;db:sample.channel.bodylines")
local fromField = Arkime.define_field("sample.channel.mailfrom", "kind:lotermfield;db:sample.channel.mailfrom")

-- The client side: commands, and inside DATA body lines up to the lone ".".
local function client_line(session, t, line)
  if t.inData then
    if line == ".\r\n" then t.inData = false else t.body = t.body + 1 end
    return
  end
  t.commands = t.commands + 1
  local verb = line:match("^(%a+)")
  if verb and verb:upper() == "DATA" then t.inData = true end
  local from = line:match("^[Mm][Aa][Ii][Ll] [Ff][Rr][Oo][Mm]:%s*<([^>]*)>")
  if from then session:add_string(fromField, from) end
end

local function on_stream(session, channel, direction)
  local t = session:table()
  for line in function() return channel:get_line() end do
    if direction == 0 then
      client_line(session, t, line)
    elseif line:match("^%d%d%d ") then   -- the last line of a reply ("250-" lines continue it)
      t.replies = t.replies + 1
    end
  end
  return 0
end

function sample_channel_classify(session, data, direction)
  if session:has_protocol("sample-channel-smtp") then return end
  session:add_protocol("sample-channel-smtp")
  local t = session:table()
  t.commands, t.replies, t.body, t.inData = 0, 0, 0, false   -- the banner chunk follows
  session:register_parser(Channel.parser(on_stream))
end

function sample_channel_pre_save(session, final)
  local t = session:table()
  if t.commands then
    session:add_int(commandsField, t.commands)
    session:add_int(repliesField, t.replies)
    session:add_int(bodyField, t.body)
  end
end

ArkimeSession.register_tcp_classifier("sample-channel-smtp", 0, "220 ", "sample_channel_classify")
ArkimeSession.register_pre_save("sample_channel_pre_save")
