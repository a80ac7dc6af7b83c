// jemalloc's start-up options, read from this symbol before main (jemalloc(3), "malloc_conf").
// Why jemalloc with transparent huge pages: sessions linger after FIN (Arkime's
// tcpClosingTimeout), so a replay or a busy sensor touches a few hundred MB of fresh heap,
// and on virtual machines each 4 KB first-touch fault costs several microseconds: glibc's
// per-thread arenas took ~83,000 faults on the 50k-flow mix, jemalloc with THP ~14,000
// (docs/performance.md). Built only without sanitizers (they bring their own allocator).
#ifdef LUACAP_JEMALLOC
extern "C" {
// thp:always madvises jemalloc's extents MADV_HUGEPAGE (effective where the system's THP
// mode is "madvise" or "always"); metadata_thp:auto does the same for its metadata once it
// grows. MALLOC_CONF in the environment still overrides these.
extern const char *malloc_conf;
const char *malloc_conf = "thp:always,metadata_thp:auto";
}
#endif
