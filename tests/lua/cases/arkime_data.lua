-- ArkimeData: new/get/tostring/copy/memmem, glob patterns and pcre2 (JIT) matching.
-- pcapgen: --flows 20 --seed 5 --mix http=100 --ipv6 0
-- fields: tags
local pat = ArkimeData.pattern_create("GET /*HTTP/1.?*")
local re = ArkimeData.pcre_create("^(GET|POST) (/[a-z]*)(x)?")
local kept = ArkimeData.new("kept"):copy()

function cls(session, str, direction)
  local d = ArkimeData.new(str)
  session:add_tag("memmem:" .. tostring(d:memmem("HTTP/1.1")) .. ":" .. tostring(d:memmem("nope")))
  session:add_tag("glob:" .. tostring(d:pattern_ismatch(pat)))
  session:add_tag("pcre:" .. tostring(d:pcre_ismatch(re)))
  local ok, whole, method, path, unset = d:pcre_match(re)
  session:add_tag("match:" .. tostring(ok) .. ":" .. tostring(method) .. ":" .. tostring(unset))
  session:add_tag("get:" .. tostring(d:get() == str) .. ":" .. tostring(tostring(d) == d:tostring()))
  session:add_tag("kept:" .. kept:get() .. ":" .. ArkimeData.get(kept))
  local nomatch = ArkimeData.new("zzz")
  session:add_tag("nomatch:" .. tostring(nomatch:pcre_match(re)) .. ":" .. tostring(nomatch:pattern_ismatch(pat)))
end

ArkimeSession.register_tcp_classifier("http", 0, "GET", "cls")
