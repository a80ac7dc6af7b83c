-- The "smtp" body feed on generated mail, half of it multipart with a base64 attachment:
-- each chunk is an ArkimeData of decoded bytes (fn(session, data), as Arkime's body feed),
-- so the attachment's marker line shows only after base64 decoding; the text parts arrive
-- as sent. Two feed functions in registration order; the second returns -1 and is called
-- once per session only.
-- pcapgen: --flows 16 --seed 21 --mix smtp=100 --smtp-attach 50
-- parsers: on
-- fields: tags email.filename lt.attachment lt.chunks lt.once lt.order
local attachment = Arkime.define_field("lt.attachment", "kind:termfield;db:lt.attachment")
local chunks = Arkime.define_field("lt.chunks", "kind:integer;db:lt.chunks")
local once = Arkime.define_field("lt.once", "kind:integer;db:lt.once")
local order = Arkime.define_field("lt.order", "kind:termfield;db:lt.order")

function lt_smtp_feed(session, data, extra)
  local t = session:table()
  local s = data:get()
  t.chunks = (t.chunks or 0) + 1
  t.order = (t.order or "") .. "a"
  local name = s:match("^LUACAP%-ATTACHMENT (%S+)\n")
  if name then t.attachment = name end
  if s:find("^[A-Za-z0-9+/]+=*\r?\n") and #s > 76 and not s:find(" ") then
    session:add_tag("lt:still-base64")
  end
  if extra ~= nil then session:add_tag("lt:feed-has-third-argument") end
  local ok = pcall(function() return data:memmem("LUACAP") end)
  if not ok then session:add_tag("lt:data-dead-inside-callback") end
end

function lt_smtp_once(session, data)
  local t = session:table()
  t.once = (t.once or 0) + 1
  t.order = (t.order or "") .. "b"
  return -1
end

function lt_smtp_pre_save(session, final)
  local t = session:table()
  if not t.chunks then return end
  if t.attachment then session:add_string(attachment, t.attachment) end
  session:add_int(chunks, t.chunks)
  session:add_int(once, t.once or 0)
  session:add_string(order, t.order:sub(1, 4))
end

ArkimeSession.register_body_feed("smtp", "lt_smtp_feed")
ArkimeSession.register_body_feed("smtp", "lt_smtp_once")
ArkimeSession.register_pre_save("lt_smtp_pre_save")
