-- Arkime-style dissector for the demo TLV protocol (UDP 7002): see docs/tutorial.md.
local nameField    = Arkime.define_field("tlv.name", "kind:termfield;db:tlv.name")
local counterField = Arkime.define_field("tlv.counter", "kind:integer;db:tlv.counter")
local itemsField   = Arkime.define_field("tlv.items", "kind:integer;db:tlv.items")

local function u32(s, i)
  local a, b, c, d = s:byte(i, i + 3)
  return ((a * 256 + b) * 256 + c) * 256 + d
end

-- Called with every datagram of a TLV session, both directions.
local function tlv_parse(session, data, direction)
  if #data < 3 or data:sub(1, 2) ~= "TL" then return 0 end
  local t = session:table()
  local off = 4                        -- Lua strings start at 1: skip "TL" and the count
  for _ = 1, data:byte(3) do
    local itype, ilen = data:byte(off, off + 1)
    if not ilen or off + 1 + ilen > #data then
      session:add_tag("tlv-truncated")
      break
    end
    local value = data:sub(off + 2, off + 1 + ilen)
    if itype == 1 then
      session:add_string(nameField, value)
    elseif itype == 2 and ilen == 4 then
      session:add_int(counterField, u32(value, 1))
    end
    t.items = (t.items or 0) + 1
    off = off + 2 + ilen
  end
  return 0
end

function tlv_classify(session, data, direction)
  if session:has_protocol("tlv") then return end
  session:add_protocol("tlv")
  session:register_parser(tlv_parse)
end

function tlv_pre_save(session, final)
  local n = session:table().items
  if n then session:add_int(itemsField, n) end
end

ArkimeSession.register_udp_classifier("tlv", 0, "TL", "tlv_classify")
ArkimeSession.register_pre_save("tlv_pre_save")
