-- Sample: tag sessions whose first client payload matches a pcre2 expression, and record
-- the captured group. Compiled once at load time (JIT), matched in the classify callback.
local uriField = Arkime.define_field("sample.get.path", "kind:termfield;db:sample.get.path")
local re = ArkimeData.pcre_create("^GET (/[^ ?]*)")

function sample_pcre_tag(session, str, direction)
  if direction ~= 0 then return end
  local ok, whole, path = ArkimeData.new(str):pcre_match(re)
  if ok then
    session:add_tag("sample-get")
    session:add_string(uriField, path)
  end
end

ArkimeSession.register_tcp_classifier("sample-pcre", 0, "", "sample_pcre_tag")
