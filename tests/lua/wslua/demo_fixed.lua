-- demo-fixed (UDP 7001): a fixed 38-byte header, then text. Exercises most ProtoField types,
-- value strings, masks, bases, add_le, expert infos and the protocol column.
local p = Proto("demofixed", "Demo Fixed Header")

local types = {[1] = "Request", [2] = "Response"}
local f = {
    version = ProtoField.uint8("demofixed.version", "Version"),
    type = ProtoField.uint8("demofixed.type", "Type", base.DEC, types),
    flags = ProtoField.uint8("demofixed.flags", "Flags", base.HEX),
    urgent = ProtoField.bool("demofixed.flags.urgent", "Urgent", 8, nil, 0x80),
    prio = ProtoField.uint8("demofixed.flags.prio", "Priority", base.DEC, nil, 0x0f),
    ttl = ProtoField.int8("demofixed.ttl", "TTL"),
    seq = ProtoField.uint16("demofixed.seq", "Sequence", base.DEC_HEX),
    len = ProtoField.uint16("demofixed.len", "Length"),
    id = ProtoField.uint32("demofixed.id", "Id", base.HEX),
    addr = ProtoField.ipv4("demofixed.addr", "Address"),
    mac = ProtoField.ether("demofixed.mac", "MAC"),
    ratio = ProtoField.float("demofixed.ratio", "Ratio"),
    big = ProtoField.uint64("demofixed.big", "Big"),
    little = ProtoField.uint32("demofixed.little", "Little endian"),
    text = ProtoField.string("demofixed.text", "Text"),
}
p.fields = {f.version, f.type, f.flags, f.urgent, f.prio, f.ttl, f.seq, f.len, f.id, f.addr, f.mac, f.ratio,
            f.big, f.little, f.text}

function p.dissector(tvb, pinfo, tree)
    if tvb:len() < 38 then return 0 end
    pinfo.cols.protocol = "DEMOFIXED"
    local t = tree:add(p, tvb())
    t:add(f.version, tvb(0, 1))
    t:add(f.type, tvb(1, 1))
    local flags = t:add(f.flags, tvb(2, 1))
    flags:add(f.urgent, tvb(2, 1))
    flags:add(f.prio, tvb(2, 1))
    t:add(f.ttl, tvb(3, 1))
    t:add(f.seq, tvb(4, 2))
    local len = tvb(6, 2):uint()
    t:add(f.len, tvb(6, 2)):append_text(" bytes")
    t:add(f.id, tvb(8, 4))
    t:add(f.addr, tvb(12, 4))
    t:add(f.mac, tvb(16, 6))
    t:add(f.ratio, tvb(22, 4))
    t:add(f.big, tvb(26, 8))
    t:add_le(f.little, tvb(34, 4))
    if len > 0 then
        t:add(f.text, tvb(38, len))
    end
    if tvb(3, 1):int() < 0 then
        t:add_expert_info(PI_PROTOCOL, PI_WARN, "negative TTL")
    end
    return tvb:len()
end

DissectorTable.get("udp.port"):add(7001, p)
