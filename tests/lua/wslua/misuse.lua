-- Misuse of the dissector API, each caught with pcall and shown as a tree label, so luacap's
-- error texts can be compared with tshark's line by line. Runs over demo-fixed traffic.
local p = Proto("misuse", "Misuse")
local savedBySession = {}   -- per session, so the thread count does not matter

local function try(tree, label, f)
    local ok, e = pcall(f)
    tree:add(p, label .. " => " .. (ok and "ok" or tostring(e)))
end

function p.dissector(tvb, pinfo, root)
    local key = pinfo.src_port + pinfo.dst_port
    local saved = savedBySession[key]
    local tree = root:add(p, tvb())
    try(tree, "range past end", function() return tvb(100, 1) end)
    try(tree, "length past end", function() return tvb(10, 100) end)
    try(tree, "uint of 5 bytes", function() return tvb(0, 5):uint() end)
    try(tree, "le_uint of 0 bytes", function() return tvb(0, 0):le_uint() end)
    try(tree, "uint64 of 9 bytes", function() return tvb(0, 9):uint64() end)
    try(tree, "float of 3 bytes", function() return tvb(0, 3):float() end)
    try(tree, "ipv4 of 3 bytes", function() return tvb(0, 3):ipv4() end)
    try(tree, "ether of 5 bytes", function() return tvb(0, 5):ether() end)
    try(tree, "bitfield past end", function() return tvb(0, 1):bitfield(4, 8) end)
    try(tree, "sub-range past end", function() return tvb(0, 2):range(1, 5) end)
    try(tree, "raw past end", function() return tvb:raw(1000, 2) end)
    try(tree, "add nil", function() return root:add(nil) end)
    if saved then
        try(tree, "expired Tvb", function() return saved.tvb:len() end)
        try(tree, "expired TvbRange", function() return saved.range:uint() end)
        try(tree, "expired TreeItem", function() return saved.tree:add(p) end)
        try(tree, "expired Pinfo", function() return saved.pinfo.number end)
        try(tree, "expired Columns", function() saved.cols.protocol = "x" end)
    end
    savedBySession[key] = {tvb = tvb, range = tvb(0, 1), tree = root, pinfo = pinfo, cols = pinfo.cols}
    return tvb:len()
end

DissectorTable.get("udp.port"):add(7001, p)
