-- Runs samples/arkime/http_entropy.lua on generated HTTP: lower-case text bodies of 27
-- symbols score 4 bits per byte; sessions without bodies get no field. Adds the exact
-- entropy x 1000 beside it, computed here from the same feed, as a finer check.
-- pcapgen: --flows 30 --seed 5 --mix http=100
-- parsers: on
-- lua: samples/arkime/http_entropy.lua
-- fields: entropy.http lt.milli
local milli = Arkime.define_field("lt.milli", "kind:integer;db:lt.milli")

function lt_entropy_pre_save(session, final)
  local t = session:table()
  local n = t.entropyTotal
  if not final or not n or n == 0 then return end
  local h = 0
  for _, c in pairs(t.entropyCounts) do
    h = h - (c / n) * math.log(c / n) / math.log(2)
  end
  session:add_int(milli, math.floor(h * 1000 + 0.5))
end

ArkimeSession.register_pre_save("lt_entropy_pre_save")
