-- HAProxy-style execution contexts: every context-restricted core function called where it
-- is not allowed raises "<function>: not allowed in <context> context (...)". Body and
-- runtime errors become tags; init and task errors travel through a shared map to the
-- packet threads, whose first pre_save waits until the task has written them all. A task
-- that errors and one that never yields are reported; the run goes on.
-- pcapgen: --flows 6 --seed 5 --mix dns=100 --ipv6 0
-- fields: tags
local function err(f, ...)
  local ok, e = pcall(f, ...)
  return ok and "allowed" or e
end

local body = {
  err(core.sleep, 1),
  err(core.set_map, "m", "k", "v"),
  err(core.add_acl, "m", "k"),
  err(core.tcp),
}
local ctx = Map.new("contexts", Map._str)
local noop = function() end

core.register_init(function()
  core.set_map("contexts", "init:register_init", err(core.register_init, noop))
  core.set_map("contexts", "init:msleep", err(core.msleep, 1))
  core.set_map("contexts", "init:yield", err(core.yield))
  core.set_map("contexts", "init:map_new", err(Map.new, "x", "nope"))
  core.set_map("contexts", "init:tcp", err(core.tcp))
  core.set_map("contexts", "init:register_fetches", err(core.register_fetches, "f", noop))
  core.Info("init ran with " .. tostring(ctx))
end)

core.register_task(function()
  core.msleep(1)
  core.set_map("contexts", "task:register_init", err(core.register_init, noop))
  core.set_map("contexts", "task:map_new", err(Map.new, "x", "str"))
  core.set_map("contexts", "task:register_converters", err(core.register_converters, "c", noop))
  core.set_map("contexts", "task:after_sleep", ctx:lookup("init:msleep") and "init entries visible" or "missing")
  core.add_acl("contexts", "done")
end)

core.register_task(function()
  core.yield()
  error("task failure is reported")
end)

core.register_task(function()
  core.yield()
  while true do end
end)

local waited = false
function pre(session, final)
  if not waited then
    while ctx:lookup("done") == nil do end   -- the first save on each thread waits for the task
    waited = true
  end
  for _, e in ipairs(body) do session:add_tag("body " .. e) end
  for _, k in ipairs({"init:register_init", "init:msleep", "init:yield", "init:map_new",
                      "init:tcp", "init:register_fetches", "task:register_converters",
                      "task:register_init", "task:map_new", "task:after_sleep"}) do
    session:add_tag(k .. " " .. ctx:slookup(k))
  end
  session:add_tag("runtime " .. err(core.sleep, 0))
  session:add_tag("runtime " .. err(core.set_map, "m", "k", "v"))
  session:add_tag("runtime " .. err(core.register_task, noop))
  session:add_tag("runtime " .. err(Map.new, "y"))
  session:add_tag("runtime " .. err(core.tcp))
  session:add_tag("runtime " .. err(core.register_converters, "c", noop))
  session:add_tag("runtime lookup " .. ctx:slookup("nothing") .. "|" .. tostring(ctx:lookup("nothing")))
end
ArkimeSession.register_pre_save("pre")
