// jemalloc's start-up options, read from this symbol before main (jemalloc(3), "malloc_conf").
// Why jemalloc with transparent huge pages: sessions linger after FIN (Arkime's
// tcpClosingTimeout), so a replay or a busy sensor touches a few hundred MB of fresh heap,
// and on virtual machines each 4 KB first-touch fault costs several microseconds: glibc's
// per-thread arenas took ~83,000 faults on the 50k-flow mix, jemalloc with THP ~14,000
// (docs/performance.md). Built only without sanitizers (they bring their own allocator).
#include "allocator_config.h"

#ifdef LUACAP_JEMALLOC
#include <jemalloc/jemalloc.h>

#include <algorithm>
#include <atomic>
#include <thread>
#include <vector>

#include "dispatch/thread_group.h"

extern "C" {
// thp:always madvises jemalloc's extents MADV_HUGEPAGE (effective where the system's THP
// mode is "madvise" or "always"); metadata_thp:auto does the same for its metadata once it
// grows. narenas:1: configureAllocator adds the others (one per CPU). MALLOC_CONF in the
// environment still overrides these.
extern const char *malloc_conf;
const char *malloc_conf = "thp:always,metadata_thp:auto,narenas:1";
}

namespace luacap::app {
namespace {
// jemalloc makes four arenas per CPU and gives each new thread one of its own while they
// last, and each arena keeps its own partly used huge pages and metadata: on 2 CPUs the
// reader, writer and packet threads each filled their own. One arena per CPU instead (the
// automatic one, for the main thread and Qt's, plus one made per further CPU), taken in
// turn by the pipeline's threads, faulted ~40% fewer pages and took 8-14% less CPU on the
// 50k-flow mix (docs/performance.md "Stop 16"); with as many CPUs as busy threads nothing
// changes.
std::vector<unsigned> &arenas()
{
    static std::vector<unsigned> list{0};
    return list;
}

void placeThreadInArena()
{
    static std::atomic<size_t> next{0};
    unsigned arena = arenas()[next.fetch_add(1, std::memory_order_relaxed) % arenas().size()];
    mallctl("thread.arena", nullptr, nullptr, &arena, sizeof(arena));   // a hint: failure is harmless
}
} // namespace

void configureAllocator()
{
    const unsigned cpus = std::max(1u, std::thread::hardware_concurrency());
    while (arenas().size() < cpus) {
        unsigned index = 0;
        size_t size = sizeof(index);
        if (mallctl("arenas.create", &index, &size, nullptr, 0) != 0)
            break;
        arenas().push_back(index);
    }
    engine::ThreadGroup::setStartHook(&placeThreadInArena);
}
} // namespace luacap::app
#else
namespace luacap::app {
void configureAllocator() {}
} // namespace luacap::app
#endif
