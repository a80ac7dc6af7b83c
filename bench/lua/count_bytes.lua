-- Bench: catch-all classifier + a parser on every TCP session counting bytes per direction
-- in session:table().
local function count(session, str, direction)
  local t = session:table()
  t[direction] = (t[direction] or 0) + #str
end

function bench_classify(session, str, direction)
  local t = session:table()
  if session.ipProtocol == "tcp" and not t.parsing then
    t.parsing = true
    session:register_parser(count)
  end
end

ArkimeSession.register_tcp_classifier("bench-all", 0, "", "bench_classify")
ArkimeSession.register_udp_classifier("bench-all", 0, "", "bench_classify")
