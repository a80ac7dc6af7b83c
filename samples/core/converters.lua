-- Sample: converters and fetches. Converters are pure string functions
-- (core.converters.NAME); fetches compute a value from a session (core.fetches.NAME). A fetch
-- whose field lua.NAME the config defines ([custom-fields] in converters.ini) is computed at
-- pre-save for every session with no further Lua: here the server's /24 network and a
-- coarse port class, built from the session's own fields with the converters.
core.register_converters("net24", function(ip)
  local a, b, c = ip:match("^(%d+)%.(%d+)%.(%d+)%.%d+$")
  return a and (a .. "." .. b .. "." .. c .. ".0/24") or nil
end)

core.register_converters("port_class", function(port)
  if port < 1024 then return "system" elseif port < 49152 then return "registered" end
  return "dynamic"
end)

core.register_fetches("server_net", function(session)
  return core.converters.net24(session.dstIp)
end)

core.register_fetches("server_port_class", function(session)
  return core.converters.port_class(session.dstPort)
end)

-- Usable from Lua as well: a tag from the same fetch.
function sample_converters_pre_save(session, final)
  if core.fetches.server_port_class(session) == "system" then session:add_tag("well-known-port") end
end
ArkimeSession.register_pre_save("sample_converters_pre_save")
