-- Bench: count_bytes.lua (loaded first) + a pre_save adding the byte total as an int field.
local total = Arkime.define_field("bench.bytes", "kind:integer;db:bench.bytes")

function bench_pre_save(session, final)
  local t = session:table()
  if t.parsing then
    session:add_int(total, (t[0] or 0) + (t[1] or 0))
  end
end

ArkimeSession.register_pre_save("bench_pre_save")
