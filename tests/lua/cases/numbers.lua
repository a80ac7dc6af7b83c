-- Lua 5.2 numbers: integral floats are accepted as offsets and ints, others rejected.
-- fields: tags
ArkimeSession.register_tcp_classifier("x", 1.5, "", "f")
