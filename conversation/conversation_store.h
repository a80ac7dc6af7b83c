// ConversationStore: one Lua table per session in one state's registry, referenced from C++.
// Owned by a packet thread's Lua host; entries are released when their session is freed.
#pragma once

#include <lua.hpp>
#include <unordered_map>

namespace luacap::conversation {

class ConversationStore {
public:
    explicit ConversationStore(lua_State *L) : L_(L) {}
    ~ConversationStore() { clear(); }
    ConversationStore(const ConversationStore &) = delete;
    ConversationStore &operator=(const ConversationStore &) = delete;

    // Pushes the table of session key (created empty on first use).
    void push(const void *key);
    // Drops the session's table so Lua's collector can free it.
    void release(const void *key);
    void clear();
    size_t size() const { return refs_.size(); }

private:
    lua_State *L_;
    std::unordered_map<const void *, int> refs_;   // key -> registry ref
};

} // namespace luacap::conversation
