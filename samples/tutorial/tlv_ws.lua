-- Wireshark-style dissector for the demo TLV protocol (UDP 7002): see docs/tutorial.md.
local tlv = Proto("tlv", "Demo TLV")

local itemTypes = {[1] = "Name", [2] = "Counter", [3] = "Address", [4] = "Data", [5] = "Address6", [6] = "Signed"}
local f = {
  count   = ProtoField.uint8("tlv.count", "Item count"),
  itype   = ProtoField.uint8("tlv.type", "Type", base.DEC, itemTypes),
  ilen    = ProtoField.uint8("tlv.length", "Length"),
  name    = ProtoField.string("tlv.name", "Name"),
  counter = ProtoField.uint32("tlv.counter", "Counter"),
  value   = ProtoField.bytes("tlv.value", "Value"),
}
tlv.fields = {f.count, f.itype, f.ilen, f.name, f.counter, f.value}

function tlv.dissector(tvb, pinfo, tree)
  if tvb:len() < 3 or tvb(0, 2):string() ~= "TL" then return 0 end
  pinfo.cols.protocol = "TLV"
  local root = tree:add(tlv, tvb())
  root:add(f.count, tvb(2, 1))
  local off = 3
  for i = 1, tvb(2, 1):uint() do
    if off + 2 > tvb:len() then break end
    local itype, ilen = tvb(off, 1):uint(), tvb(off + 1, 1):uint()
    local item = root:add(tlv, tvb(off, 2 + ilen), "Item " .. i .. ": " .. (itemTypes[itype] or "Unknown"))
    item:add(f.itype, tvb(off, 1))
    item:add(f.ilen, tvb(off + 1, 1))
    local value = tvb(off + 2, ilen)
    if itype == 1 then
      item:add(f.name, value)
    elseif itype == 2 and ilen == 4 then
      item:add(f.counter, value)
    else
      item:add(f.value, value)
    end
    off = off + 2 + ilen
  end
  return off
end

DissectorTable.get("udp.port"):add(7002, tlv)
