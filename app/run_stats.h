// Formats the final stats line of a run (text or JSON) for stderr (main thread).
#pragma once

#include <cstdint>
#include <map>
#include <string>

#include "dispatch/replay_pipeline.h"

namespace luacap::app {

// Counters the engine does not keep (e.g. "luaErrors" from the Lua runtime), by name.
using ExtraCounters = std::map<std::string, uint64_t>;

std::string statsText(const engine::PipelineStats &stats, double seconds, const ExtraCounters &extra = {});
std::string statsJson(const engine::PipelineStats &stats, double seconds, const ExtraCounters &extra = {});

} // namespace luacap::app
