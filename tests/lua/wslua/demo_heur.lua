-- demo-heur (UDP, any port): a heuristic dissector that claims datagrams starting with "HEUR".
local p = Proto("demoheur", "Demo Heuristic")
local f = {
    seq = ProtoField.uint16("demoheur.seq", "Sequence"),
    text = ProtoField.string("demoheur.text", "Text"),
}
p.fields = {f.seq, f.text}

local function heuristic(tvb, pinfo, tree)
    if tvb:len() < 6 or tvb(0, 4):string() ~= "HEUR" then return false end
    pinfo.cols.protocol = "DEMOHEUR"
    local t = tree:add(p, tvb())
    t:add(f.seq, tvb(4, 2))
    if tvb:len() > 6 then t:add(f.text, tvb(6)) end
    return true
end

p:register_heuristic("udp", heuristic)
