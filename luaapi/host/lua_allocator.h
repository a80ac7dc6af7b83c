// LuaAllocator: the lua_Alloc behind every Lua state. Small blocks (strings, tables, closures,
// userdata, the per-call payload strings of parsers) come from per-size free lists carved out
// of 64 KB slabs, because glibc's realloc/free cost more than the Lua call they serve. It also
// keeps the byte count that enforces the state's memory cap. Owned by one LuaHost: one thread,
// no locks. Under AddressSanitizer every block goes to malloc so ASan still sees Lua's heap.
#pragma once

#include <cstddef>
#include <memory>
#include <vector>

namespace luacap::luaapi {

class LuaAllocator {
public:
    explicit LuaAllocator(size_t memoryCap) : cap_(memoryCap) {}
    LuaAllocator(const LuaAllocator &) = delete;
    LuaAllocator &operator=(const LuaAllocator &) = delete;

    // lua_Alloc's contract: nsize 0 frees; a null return when growing means "out of memory".
    void *resize(void *ptr, size_t osize, size_t nsize);
    size_t used() const { return used_; }

    static constexpr size_t kMaxPooled = 2048;   // a full segment's payload string fits; larger go to malloc

private:
    static constexpr size_t kGrain = 16;
    static constexpr size_t kClasses = kMaxPooled / kGrain;
    static constexpr size_t kSlabBytes = 64 * 1024;

    struct FreeBlock { FreeBlock *next; };

    static size_t classOf(size_t size) { return (size + kGrain - 1) / kGrain - 1; }
    static bool pooled(size_t size);
    void *take(size_t cls);
    void give(void *block, size_t cls);
    void *carve(size_t cls);

    size_t cap_;
    size_t used_ = 0;
    FreeBlock *free_[kClasses] = {};
    std::byte *bump_[kClasses] = {};     // the uncarved rest of each class's newest slab
    std::byte *bumpEnd_[kClasses] = {};
    std::vector<std::unique_ptr<std::byte[]>> slabs_;
};

} // namespace luacap::luaapi
