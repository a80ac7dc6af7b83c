-- demo-fields (UDP 7001, the demo-fixed traffic): Field extractors and NSTime. Reads its own
-- ProtoFields back through Field.new after adding them, plus packet fields (frame, ip, udp),
-- and prints what FieldInfo and NSTime give, so tshark's tree and luacap's can be compared.
local p = Proto("demofields", "Demo Field Extractors")
local f = {
    version = ProtoField.uint8("demofields.version", "Version"),
    id = ProtoField.uint32("demofields.id", "Id", base.HEX),
    addr = ProtoField.ipv4("demofields.addr", "Address"),
    big = ProtoField.uint64("demofields.big", "Big"),
    text = ProtoField.string("demofields.text", "Text"),
    seen = ProtoField.string("demofields.seen", "Seen"),
    time = ProtoField.string("demofields.time", "Time"),
}
p.fields = {f.version, f.id, f.addr, f.big, f.text, f.seen, f.time}

local ex = {
    version = Field.new("demofields.version"), id = Field.new("demofields.id"),
    addr = Field.new("demofields.addr"), big = Field.new("demofields.big"), text = Field.new("demofields.text"),
    number = Field.new("frame.number"), len = Field.new("frame.len"), src = Field.new("ip.src"),
    dst = Field.new("ip.dst"), ports = Field.new("udp.port"), sport = Field.new("udp.srcport"),
    tcpport = Field.new("tcp.port"),
}

local function describe(fi)
    return string.format("%s=%s value=%s len=%d offset=%d type=%s", fi.name, tostring(fi), tostring(fi.value),
        fi.len, fi.offset, type(fi.value))
end

-- The first value an extractor found, as text; "none" when it found nothing.
local function first(...)
    return select("#", ...) > 0 and tostring((...)) or "none"
end

function p.dissector(tvb, pinfo, tree)
    if tvb:len() < 38 then return 0 end
    local t = tree:add(p, tvb())
    t:add(f.version, tvb(0, 1))
    t:add(f.id, tvb(8, 4))
    t:add(f.addr, tvb(12, 4))
    t:add(f.big, tvb(26, 8))
    t:add(f.text, tvb(38))
    for _, name in ipairs({"version", "id", "addr", "big", "text"}) do
        for _, fi in ipairs({ex[name]()}) do t:add(f.seen, describe(fi)) end
    end
    t:add(f.seen, "frame " .. first(ex.number()) .. " len " .. ex.len().value .. " " .. first(ex.src()) ..
        " -> " .. first(ex.dst()) .. " sport " .. ex.sport().value)
    local ports = {ex.ports()}
    t:add(f.seen, "udp.port count " .. #ports .. ": " .. tostring(ports[1]) .. "," .. tostring(ports[2]))
    t:add(f.seen, "tcp.port count " .. select("#", ex.tcpport()))
    t:add(f.seen, "version via call " .. ex.version()() .. ", len " .. #ex.version() .. ", offset " .. -ex.id())
    local a, b = NSTime(5, 900000000), NSTime.new(2, 200000000)
    t:add(f.time, tostring(a + b) .. " " .. tostring(a - b) .. " " .. tostring(b - a) .. " " .. tostring(-a))
    t:add(f.time, tostring(a < b) .. " " .. tostring(b <= a) .. " " .. tostring(a == NSTime(5, 900000000)) ..
        " " .. a.secs .. " " .. a.nsecs .. " " .. (a + b):tonumber())
    return tvb:len()
end

DissectorTable.get("udp.port"):add(7001, p)
