-- Sample: per-session state in session:table() across callbacks, summarised in pre_save.
-- Counts payload chunks and bytes per direction for every TCP and UDP session; the table
-- is released when the session is freed. Lua 5.2: bit32 instead of Lua 5.3's & and //.
local ratioField = Arkime.define_field("sample.ratio", "kind:integer;db:sample.ratio")

local function count(session, data, direction)
  local t = session:table()
  t[direction] = (t[direction] or 0) + #data
  t.chunks = (t.chunks or 0) + 1
  t.firstByte = t.firstByte or bit32.band(data:byte(1), 0xf0)
end

function sample_state_classify(session, str, direction)
  if not session:table().parsing then
    session:table().parsing = true
    session:register_parser(count)
  end
end

function sample_state_pre_save(session, final)
  local t = session:table()
  if not t.chunks then return end
  local up, down = t[0] or 0, t[1] or 0
  -- Lua 5.3's (down * 100) // (up + 1) in Lua 5.2:
  session:add_int(ratioField, math.floor(down * 100 / (up + 1)))
  session:add_tag(string.format("sample-chunks-%d", t.chunks > 10 and 10 or t.chunks))
end

ArkimeSession.register_tcp_classifier("sample-state", 0, "", "sample_state_classify")
ArkimeSession.register_udp_classifier("sample-state", 0, "", "sample_state_classify")
ArkimeSession.register_pre_save("sample_state_pre_save")
