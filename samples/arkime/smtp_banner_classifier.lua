-- Sample: a TCP classifier + parser for a line protocol. Classifies SMTP by its "220 "
-- banner at offset 0, then parses the client's commands and records the EHLO/HELO name
-- and the number of commands in Lua-defined fields. Lua 5.2: no integer operators needed.
local heloField = Arkime.define_field("sample.smtp.helo", "kind:lotermfield;db:sample.smtp.helo")
local cmdField = Arkime.define_field("sample.smtp.commands", "kind:integer;db:sample.smtp.commands")

local function parse(session, data, direction)
  if direction ~= 0 then return 0 end
  local t = session:table()
  for line in data:gmatch("([^\r\n]+)\r\n") do
    t.commands = (t.commands or 0) + 1
    local name = line:match("^[EeHh][Hh][Ll][Oo] (%S+)")
    if name then session:add_string(heloField, name) end
  end
  if (t.commands or 0) > 50 then return -1 end   -- enough: stop parsing this session
  return 0
end

function sample_smtp_classify(session, data, direction)
  if session:has_protocol("sample-smtp") then return end
  session:add_protocol("sample-smtp")
  session:register_parser(parse)
end

function sample_smtp_pre_save(session, final)
  local n = session:table().commands
  if n then session:add_int(cmdField, n) end
end

ArkimeSession.register_tcp_classifier("sample-smtp", 0, "220 ", "sample_smtp_classify")
ArkimeSession.register_pre_save("sample_smtp_pre_save")
