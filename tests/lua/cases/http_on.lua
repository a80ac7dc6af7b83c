-- http_on: all eight events on generated HTTP (keep-alive with 2-3 exchanges, chunked and
-- Content-Length responses, POST bodies, so both directions carry bodies), summed per
-- session in session:table() and written at pre_save. Checks Arkime's arguments: data is
-- an ArkimeData (nil for HEADERS_COMPLETE, MESSAGE_COMPLETE and a response's MESSAGE_BEGIN),
-- direction 0 = request, 1 = response; header names lower-cased (RAW as sent); a callback
-- returning -1 is switched off for that session only; data handles die after the callback;
-- a failing callback is reported and skipped while the next one still runs.
-- pcapgen: --flows 30 --seed 5 --mix http=100
-- parsers: on
-- fields: tags lt.methods lt.begins lt.urls lt.headers lt.values lt.done lt.body lt.first http.method
local methods = Arkime.define_field("lt.methods", "kind:termfield;db:lt.methods")
local begins = Arkime.define_field("lt.begins", "kind:integer;db:lt.begins")
local urls = Arkime.define_field("lt.urls", "kind:integer;db:lt.urls")
local headers = Arkime.define_field("lt.headers", "kind:integer;db:lt.headers")
local values = Arkime.define_field("lt.values", "kind:integer;db:lt.values")
local done = Arkime.define_field("lt.done", "kind:termfield;db:lt.done")
local body = Arkime.define_field("lt.body", "kind:termfield;db:lt.body")
local first = Arkime.define_field("lt.first", "kind:integer;db:lt.first")

local function bump(session, key, n)
  local t = session:table()
  t[key] = (t[key] or 0) + (n or 1)
end

local function tagIf(session, cond, tag)
  if cond then session:add_tag(tag) end
end

function lt_begin(session, data, direction)
  local t = session:table()
  if direction == 0 then
    t.methods = (t.methods and t.methods .. "," or "") .. data:get()
  else
    tagIf(session, data ~= nil, "lt:response-begin-has-data")
    bump(session, "responseBegins")
  end
end

function lt_url(session, data, direction)
  tagIf(session, direction ~= 0, "lt:url-not-request")
  tagIf(session, data:get():sub(1, 1) ~= "/", "lt:url-not-path")
  bump(session, "urls")
end

function lt_field(session, data, direction)
  local name = data:get()
  tagIf(session, name ~= name:lower(), "lt:field-not-lower")
  session:table().lastField = name
  bump(session, "fields" .. direction)
end

function lt_raw(session, data, direction)
  tagIf(session, data:get():lower() ~= session:table().lastField, "lt:raw-differs")
  tagIf(session, data:get() == "host" or data:get() == "content-length", "lt:raw-lower-cased")
  bump(session, "raw" .. direction)
end

function lt_value(session, data, direction)
  bump(session, "valueBytes", #data:get())
end

function lt_headers_complete(session, data, direction)
  tagIf(session, data ~= nil, "lt:headers-complete-has-data")
  bump(session, "hc" .. direction)
end

function lt_body(session, data, direction)
  bump(session, "body" .. direction, #data:get())
  session:table().kept = data   -- must be dead by MESSAGE_COMPLETE
end

function lt_complete(session, data, direction)
  local t = session:table()
  tagIf(session, data ~= nil, "lt:complete-has-data")
  if t.kept then
    local ok, err = pcall(function() return t.kept:get() end)
    tagIf(session, not ok and err:find("ArkimeData does not contain valid data", 1, true), "lt:kept-data-dead")
    tagIf(session, ok, "lt:kept-data-alive")
    t.kept = nil
  end
  bump(session, "mc" .. direction)
end

-- Fails on every response: each failed call is skipped and counted, the others still run.
function lt_fail(session, data, direction)
  if direction == 1 then error("response complete fails") end
end

-- Returns -1 at once: called once per session, while lt_field (same event) goes on.
function lt_first_field(session, data, direction)
  bump(session, "first")
  return -1
end

function lt_pre_save(session, final)
  local t = session:table()
  if not t.urls then return end
  session:add_string(methods, t.methods or "")
  session:add_int(begins, t.responseBegins or 0)
  session:add_int(urls, t.urls)
  session:add_int(headers, (t.fields0 or 0) * 1000 + (t.fields1 or 0))
  tagIf(session, t.fields0 ~= t.raw0 or t.fields1 ~= t.raw1, "lt:raw-count-differs")
  session:add_int(values, t.valueBytes or 0)
  session:add_string(done, string.format("hc %d/%d mc %d/%d", t.hc0 or 0, t.hc1 or 0, t.mc0 or 0, t.mc1 or 0))
  session:add_string(body, string.format("%d/%d", t.body0 or 0, t.body1 or 0))
  session:add_int(first, t.first or 0)
end

ArkimeSession.http_on(ArkimeSession.HTTP.MESSAGE_BEGIN, "lt_begin")
ArkimeSession.http_on(ArkimeSession.HTTP.URL, "lt_url")
ArkimeSession.http_on(ArkimeSession.HTTP.HEADER_FIELD, "lt_first_field")
ArkimeSession.http_on(ArkimeSession.HTTP.HEADER_FIELD, "lt_field")
ArkimeSession.http_on(ArkimeSession.HTTP.HEADER_FIELD_RAW, "lt_raw")
ArkimeSession.http_on(ArkimeSession.HTTP.HEADER_VALUE, "lt_value")
ArkimeSession.http_on(ArkimeSession.HTTP.HEADERS_COMPLETE, "lt_headers_complete")
ArkimeSession.http_on(ArkimeSession.HTTP.BODY, "lt_body")
ArkimeSession.http_on(ArkimeSession.HTTP.MESSAGE_COMPLETE, "lt_fail")
ArkimeSession.http_on(ArkimeSession.HTTP.MESSAGE_COMPLETE, "lt_complete")
ArkimeSession.register_pre_save("lt_pre_save")
