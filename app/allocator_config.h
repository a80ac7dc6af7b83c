// The executable's allocator set-up (app/allocator_config.cpp says what and why).
#pragma once

namespace luacap::app {

// Call once in main, before any pipeline starts: with jemalloc, pipeline threads share one
// arena per CPU. Nothing to do otherwise.
void configureAllocator();

} // namespace luacap::app
