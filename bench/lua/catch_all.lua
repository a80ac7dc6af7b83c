-- Bench: a trivial catch-all classifier (every TCP and UDP session, first payload each way).
function bench_classify(session, str, direction) end
ArkimeSession.register_tcp_classifier("bench-all", 0, "", "bench_classify")
ArkimeSession.register_udp_classifier("bench-all", 0, "", "bench_classify")
