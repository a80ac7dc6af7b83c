-- A load error stops start-up once with file:line: message and a non-zero exit.
-- fields: tags
ArkimeSession.register_tcp_classifier("x", 0, "", "f")
local x = = 1
