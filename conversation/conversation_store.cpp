// ConversationStore implementation (the owning state's thread).
#include "conversation/conversation_store.h"

namespace luacap::conversation {

void ConversationStore::push(const void *key)
{
    const auto it = refs_.find(key);
    if (it != refs_.end()) {
        lua_rawgeti(L_, LUA_REGISTRYINDEX, it->second);
        return;
    }
    lua_newtable(L_);
    lua_pushvalue(L_, -1);
    refs_.emplace(key, luaL_ref(L_, LUA_REGISTRYINDEX));
}

void ConversationStore::release(const void *key)
{
    const auto it = refs_.find(key);
    if (it == refs_.end())
        return;
    luaL_unref(L_, LUA_REGISTRYINDEX, it->second);
    refs_.erase(it);
}

void ConversationStore::clear()
{
    for (const auto &[key, ref] : refs_)
        luaL_unref(L_, LUA_REGISTRYINDEX, ref);
    refs_.clear();
}

} // namespace luacap::conversation
