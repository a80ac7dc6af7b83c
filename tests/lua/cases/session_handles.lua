-- Session handles: every callback gets its own. One kept from an earlier callback of the same
-- session (an earlier parser chunk, the classifier) is dead in later ones with the usual
-- error, and never equal to the current one; a wrong self gets the type error.
-- pcapgen: --flows 12 --seed 5 --mix http=100 --ipv6 0
-- fields: tags

function cls(session, str, direction)
  if direction ~= 0 then return end
  local t = session:table()
  t.fromClassifier = session
  session:add_tag("type:" .. type(session))
  session:register_parser(function(s, data, dir)
    local tt = s:table()
    if not tt.firstParser then
      tt.firstParser = s
      tt.selfEqual = rawequal(s, tt.firstParser)
      return
    end
    if not tt.checked then
      tt.checked = true
      local ok, err = pcall(function() return tt.firstParser:table() end)
      s:add_tag(ok and "parser:alive" or "parser:" .. err)
      s:add_tag("equal:" .. tostring(tt.selfEqual) .. ":" .. tostring(rawequal(s, tt.firstParser)))
    end
  end)
end

function pre(session, final)
  local t = session:table()
  if not t.fromClassifier then return end
  local ok, err = pcall(tostring, t.fromClassifier)
  session:add_tag(ok and "pre:alive" or "pre:" .. err)
  ok, err = pcall(function() return t.fromClassifier.dstPort end)
  session:add_tag(ok and "pre:alive" or "pre:" .. err)
  ok, err = pcall(session.add_tag, 5, "x")
  session:add_tag(err)
  ok, err = pcall(session.add_tag, io.stdout, "x")
  session:add_tag(err)
end

ArkimeSession.register_tcp_classifier("all", 0, "", "cls")
ArkimeSession.register_pre_save("pre")
