-- Stream channels (Channel.parser) on generated SMTP with attachments, whose long DATA
-- lines are split across TCP segments: get_line keeps the partial line for the next packet
-- (a nil with bytes buffered is seen, and no line returned lacks its LF); get(n) on the
-- server side takes 4-byte reply codes; dup does not consume; forward skips bytes not yet
-- arrived. A second parser that never consumes overflows its 64-byte bound and is removed
-- (reported once per distinct text); a channel kept past its call raises the dead-handle
-- error; converters are plain functions, and a name registers once.
-- pcapgen: --flows 4 --seed 11 --mix smtp=100 --smtp-attach 100 --ipv6 0
-- fields: tags
core.register_converters("lower", function(s) return s:lower() end)
local dupError = select(2, pcall(core.register_converters, "lower", function() end))

local kept
local function lines(session, ch, direction)
  local t = session:table()
  if direction == 1 then
    local code = ch:get(4)
    if code then t.codes[#t.codes + 1] = code end
    ch:forward(ch:get_in_length() + 3)   -- the rest of this reply and 3 bytes of the next
    return 0
  end
  kept = ch
  local before = ch:get_in_length()
  if ch:dup() ~= ch:dup() or #ch:dup() ~= before then t.bad = true end
  for line in function() return ch:get_line() end do
    t.lines = t.lines + 1
    if line:sub(-1) ~= "\n" then t.bad = true end
  end
  if ch:get_in_length() > 0 then t.partial = true end
  return 0
end

local function hoard(session, ch, direction)
  session:table().hoarded = ch:get_in_length()
  return 0
end

function classify(session, data, direction)
  local t = session:table()
  t.lines, t.codes = 0, {}
  session:register_parser(Channel.parser(lines))
  session:register_parser(Channel.parser(hoard, 64))
end
ArkimeSession.register_tcp_classifier("chan", 0, "220 ", "classify")

function pre(session, final)
  local t = session:table()
  session:add_tag("lines>100 " .. tostring(t.lines > 100))
  session:add_tag("partial line kept " .. tostring(t.partial == true))
  session:add_tag("every line ends in LF " .. tostring(not t.bad))
  session:add_tag("reply codes " .. table.concat(t.codes, "|", 1, math.min(#t.codes, 3)))
  session:add_tag("hoard stopped at " .. tostring(t.hoarded))
  session:add_tag(select(2, pcall(function() return kept:get_line() end)))
  session:add_tag(core.converters.lower("MiXeD") .. " | " .. dupError)
end
ArkimeSession.register_pre_save("pre")
