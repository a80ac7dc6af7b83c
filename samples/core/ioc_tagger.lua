-- Sample: an IOC-list tagger with periodic refresh. A task fetches "ADDRESS-OR-CIDR TAG" lines
-- from a feed service (ioc_feed.py) over core.tcp, makes the shared map "ioc" equal to them,
-- and sleeps until the next refresh; every packet thread tags each session whose client or
-- server is listed with "ioc:TAG" at pre-save. Lookups never lock: an update publishes a new
-- version of the map by pointer swap (docs/lua-api/core/Map.md).
-- Environment: IOC_FEED_HOST (127.0.0.1), IOC_FEED_PORT (7070), IOC_REFRESH seconds (300),
-- IOC_WAIT=1 makes the first save wait for the first list: a replay of a file is faster than
-- any feed, and without it the first sessions would be saved before the list arrived.
local feedHost = os.getenv("IOC_FEED_HOST") or "127.0.0.1"
local feedPort = tonumber(os.getenv("IOC_FEED_PORT") or "7070")
local refresh = tonumber(os.getenv("IOC_REFRESH") or "300")
local waitFirst = os.getenv("IOC_WAIT") == "1"

local ioc = Map.new("ioc", Map._ip)
local status = Map.new("ioc-status", Map._str)
local known = {}

-- One fetch: nil, error text on failure (the previous list stays in force).
local function fetch()
  local s = core.tcp()
  s:settimeout(10)
  local ok, err = s:connect(feedHost, feedPort)
  if not ok then return nil, err end
  local entries, n = {}, 0
  while true do
    local line, e = s:receive("*l")
    if not line then
      if e ~= "closed" then s:close(); return nil, e end
      break
    end
    local key, tag = line:match("^(%S+)%s+(%S+)")
    if key and not key:match("^#") then entries[key] = tag; n = n + 1 end
  end
  s:close()
  for key in pairs(known) do
    if not entries[key] then core.del_map("ioc", key) end
  end
  for key, tag in pairs(entries) do core.set_map("ioc", key, tag) end
  known = entries
  return n
end

core.register_task(function()
  while true do
    local n, err = fetch()
    if n then
      core.Info("ioc: loaded " .. n .. " entries from " .. feedHost .. ":" .. feedPort)
    else
      core.Warning("ioc: refresh failed: " .. err)
    end
    core.set_map("ioc-status", "loaded", "1")   -- even a failure ends the first wait
    core.sleep(refresh)
  end
end)

local waited = not waitFirst
function sample_ioc_pre_save(session, final)
  if not waited then
    while status:lookup("loaded") == nil do end
    waited = true
  end
  for _, ip in ipairs({session.srcIp, session.dstIp}) do
    local tag = ioc:lookup(ip)
    if tag then session:add_tag("ioc:" .. tag) end
  end
end
ArkimeSession.register_pre_save("sample_ioc_pre_save")
