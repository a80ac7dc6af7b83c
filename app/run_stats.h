// Formats the final stats line of a run (text or JSON) for stderr (main thread).
#pragma once

#include <string>

#include "dispatch/replay_pipeline.h"

namespace luacap::app {

std::string statsText(const engine::PipelineStats &stats, double seconds);
std::string statsJson(const engine::PipelineStats &stats, double seconds);

} // namespace luacap::app
