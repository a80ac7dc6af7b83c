-- Sample: enrich every session with the reputation of its destination address, asked from an
-- HTTP service (samples/arkime/reputation_service.py) in pre_save. The session is held
-- (incr_outstanding) until the answer arrives; the callback tags it "reputation:<verdict>"
-- and lets the record go (decr_outstanding). Verdicts are cached per packet thread.
-- Service URL: the REPUTATION_URL environment variable, else http://127.0.0.1:8765.
local url = os.getenv("REPUTATION_URL") or "http://127.0.0.1:8765"
-- One service per packet thread's state: 8 connections and 5000 requests out per thread.
local service = ArkimeHttpService.new(url, 8, 5000, {timeout = 10})
local cache = {}

local function tag(session, verdict)
  session:add_tag("reputation:" .. verdict)
end

function reputation_pre_save(session, final)
  local ip = session.dstIp
  if not final or not ip then return end
  if cache[ip] then
    tag(session, cache[ip])
    return
  end
  session:incr_outstanding()
  local queued = service:request("GET", "/ip/" .. ip, "", function(code, body)
    if code == 200 then
      cache[ip] = body
      tag(session, body)
    else
      -- code 0: no answer (body says why); anything else: the service refused.
      session:add_tag("reputation:unavailable")
    end
    session:decr_outstanding()
  end)
  if not queued then   -- maxRequests reached: do not hold the record for it
    session:add_tag("reputation:unavailable")
    session:decr_outstanding()
  end
end

ArkimeSession.register_pre_save("reputation_pre_save")
