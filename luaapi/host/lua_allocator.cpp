// LuaAllocator: size-class free lists for Lua's small blocks (see the header for why).
#include "host/lua_allocator.h"

#include <algorithm>
#include <cstdlib>
#include <cstring>

namespace luacap::luaapi {

inline bool LuaAllocator::pooled(size_t size)
{
#if defined(__SANITIZE_ADDRESS__)
    (void)size;
    return false;
#else
    return size > 0 && size <= kMaxPooled;
#endif
}

// Blocks are cut from the class's slab only when the free list is empty, so a slab's memory
// is not touched (or even paged in) before Lua needs it.
void *LuaAllocator::carve(size_t cls)
{
    const size_t block = (cls + 1) * kGrain;
    if (size_t(bumpEnd_[cls] - bump_[cls]) < block) {
        slabs_.emplace_back(new std::byte[kSlabBytes]);   // not value-initialised: Lua fills it
        bump_[cls] = slabs_.back().get();
        bumpEnd_[cls] = bump_[cls] + (kSlabBytes / block) * block;
    }
    void *p = bump_[cls];
    bump_[cls] += block;
    return p;
}

inline void *LuaAllocator::take(size_t cls)
{
    FreeBlock *b = free_[cls];
    if (!b)
        return carve(cls);
    free_[cls] = b->next;
    return b;
}

inline void LuaAllocator::give(void *block, size_t cls)
{
    auto *b = static_cast<FreeBlock *>(block);
    b->next = free_[cls];
    free_[cls] = b;
}

// Each size is classified once (pooled or not) per call: Lua calls this for every object it
// makes or frees, the payload string of every parser callback among them.
void *LuaAllocator::resize(void *ptr, size_t osize, size_t nsize)
{
    if (!ptr)
        osize = 0;   // then osize only says what kind of object Lua is making
    const bool oldPooled = pooled(osize);
    if (nsize == 0) {
        if (oldPooled)
            give(ptr, classOf(osize));
        else
            std::free(ptr);
        used_ -= osize;
        return nullptr;
    }
    if (nsize > osize && used_ + (nsize - osize) > cap_)
        return nullptr;   // Lua raises "not enough memory" in the offending call
    const bool newPooled = pooled(nsize);
    void *p;
    if (!oldPooled && !newPooled) {
        p = std::realloc(ptr, nsize);
        if (!p)
            return nullptr;
    } else if (oldPooled && newPooled && classOf(osize) == classOf(nsize)) {
        p = ptr;
    } else {
        p = newPooled ? take(classOf(nsize)) : std::malloc(nsize);
        if (!p)
            return nullptr;
        if (ptr) {
            std::memcpy(p, ptr, std::min(osize, nsize));
            if (oldPooled)
                give(ptr, classOf(osize));
            else
                std::free(ptr);
        }
    }
    used_ = used_ - osize + nsize;
    return p;
}

} // namespace luacap::luaapi
