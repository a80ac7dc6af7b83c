-- Classifiers (tcp with a match, udp catch-all), parsers (one removed by returning -1),
-- pre-save/save order, session:table(), properties, session:get special names, fields.
-- pcapgen: --flows 40 --seed 7 --mix http=50,dns=50 --ipv6 0
-- fields: tags protocol lua.bytes lua.first
local bytesField = Arkime.define_field("lua.bytes", "kind:integer;db:lua.bytes")
Arkime.define_field("lua.first", "kind:termfield;db:lua.first")
assert(Arkime.expression_to_fieldId("lua.bytes") == bytesField)

function on_get(session, str, direction)
  session:add_protocol("luahttp")
  session:add_string("lua.first", str:sub(1, 4) .. "/" .. direction)
  session:register_parser(function(s, data, dir)
    local t = s:table()
    t[dir] = (t[dir] or 0) + #data
    t.calls = (t.calls or 0) + 1
    if dir == 1 then return -1 end
  end)
end

function on_udp(session, str, direction)
  session:add_tag("udp:" .. session.ipProtocol .. ":dir" .. direction .. ":" .. session.dstPort)
end

function pre(session, final)
  local t = session:table()
  if session:has_protocol("luahttp") then
    session:add_int(bytesField, t[0] or 0)
    session:add_tag("calls:" .. tostring(t.calls))
    session:add_tag("get:" .. session:get("port.dst") .. ":" .. tostring(session:get("packets.src") > 0)
      .. ":" .. session:get("tcpflags.syn") .. ":" .. tostring(session:get("ip.src") == session.srcIp))
    local protos = session:get("protocols")
    session:add_tag("protos:" .. table.concat(protos, ","))
  end
  t.pre = true
end

function save(session, final)
  if session:table().pre then session:add_tag("saved:" .. tostring(final)) end
end

ArkimeSession.register_tcp_classifier("get", 0, "GET ", "on_get")
ArkimeSession.register_udp_classifier("any", 0, "", "on_udp")
ArkimeSession.register_pre_save("pre")
ArkimeSession.register_save("save")
