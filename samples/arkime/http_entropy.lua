-- Sample (after Arkime's entropy.lua): Shannon entropy of HTTP bodies, through the "http"
-- body feed. Byte counts of every body chunk of a session (both directions, de-chunked,
-- not decompressed) add up in session:table(); pre_save writes the entropy of all of them,
-- in bits per byte rounded to an integer as Arkime's sample does, to entropy.http.
-- Arkime's sample rates each chunk on its own; counting over the session rates the bodies.
local entropyField = Arkime.define_field("entropy.http",
  "kind:integer;db:entropy.http;friendly:Entropy HTTP;help:Shannon entropy of the HTTP bodies, bits per byte")

local log2 = math.log(2)

-- Body chunk: count each byte value. The chunk's ArkimeData dies when this returns, so only
-- the counts are kept.
function http_entropy_body(session, data)
  local t = session:table()
  local counts = t.entropyCounts
  if not counts then
    counts = {}
    t.entropyCounts, t.entropyTotal = counts, 0
  end
  local s = data:get()
  for i = 1, #s do
    local b = s:byte(i)
    counts[b] = (counts[b] or 0) + 1
  end
  t.entropyTotal = t.entropyTotal + #s
end

function http_entropy_pre_save(session, final)
  local t = session:table()
  local n = t.entropyTotal
  if not final or not n or n == 0 then return end
  local h = 0
  for _, c in pairs(t.entropyCounts) do
    local p = c / n
    h = h - p * math.log(p) / log2
  end
  session:add_int(entropyField, math.floor(h + 0.5))
end

ArkimeSession.register_body_feed("http", "http_entropy_body")
ArkimeSession.register_pre_save("http_entropy_pre_save")
