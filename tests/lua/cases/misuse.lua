-- Every misuse in a callback is reported once per distinct error, with a count, and the
-- run goes on. One case per session kind keeps counts independent of the thread count.
-- pcapgen: --flows 30 --seed 3 --mix http=50,dns=50 --ipv6 0
-- fields: tags
kept = {}

function cls(session, str, direction)
  if direction ~= 0 then return end
  kept[#kept + 1] = session            -- stored: dead once this call returns
  session:add_tag("seen")
  session:add_string("no.such.field", "x")
end

function pre(session, final)
  local ok, err = pcall(function() return kept[1].srcIp end)
  session:add_tag(ok and "alive" or err)
  ok, err = pcall(function() session:decr_outstanding() end)
  session:add_tag(err)
  ok, err = pcall(function() session:add_int("lua.n", 1.5) end)
  session:add_tag(err)
  ok, err = pcall(function() ArkimeSession.register_save("pre") end)
  session:add_tag(err)
  ok, err = pcall(function() session:add_int("tags", 1) end)
  session:add_tag(err)
  ok, err = pcall(ArkimeData.pcre_create, "(")
  session:add_tag(err)
  session:incr_outstanding()
  session:decr_outstanding()
  if session.dstPort == 53 then
    local t = {}
    while true do t[1] = 1 end           -- runaway: stopped by the instruction budget
  end
end

Arkime.define_field("lua.n", "kind:integer;db:lua.n")
ArkimeSession.register_tcp_classifier("all", 0, "", "cls")
ArkimeSession.register_pre_save("pre")
ArkimeSession.register_save("missing_function")
