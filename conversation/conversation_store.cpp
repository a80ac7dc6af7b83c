// ConversationStore implementation (the owning state's thread).
#include "conversation/conversation_store.h"

#include <cstring>

namespace luacap::conversation {

void ConversationStore::pushRoot(const void *session, bool create)
{
    const auto it = refs_.find(session);
    if (it != refs_.end()) {
        lua_rawgeti(L_, LUA_REGISTRYINDEX, it->second);
        return;
    }
    if (!create) {
        lua_pushnil(L_);
        return;
    }
    lua_createtable(L_, 0, 2);
    lua_pushvalue(L_, -1);
    refs_.emplace(session, luaL_ref(L_, LUA_REGISTRYINDEX));
}

// Pushes root[part] (a table), or nil when absent and !create.
void ConversationStore::pushPart(const void *session, const char *part, bool create)
{
    pushRoot(session, create);
    if (lua_isnil(L_, -1))
        return;
    lua_getfield(L_, -1, part);
    if (lua_isnil(L_, -1) && create) {
        lua_pop(L_, 1);
        lua_newtable(L_);
        lua_pushvalue(L_, -1);
        lua_setfield(L_, -3, part);
    }
    lua_remove(L_, -2);
}

void ConversationStore::pushConversation(const void *session, const char *key)
{
    pushPart(session, "c", false);
    if (!lua_isnil(L_, -1)) {
        lua_getfield(L_, -1, key);
        lua_remove(L_, -2);
    }
}

void ConversationStore::setConversation(const void *session, const char *key, int idx)
{
    idx = lua_absindex(L_, idx);
    if (std::strcmp(key, kSessionTableKey) == 0)
        forgetSessionTable(session);
    pushPart(session, "c", true);
    lua_pushvalue(L_, idx);
    lua_setfield(L_, -2, key);
    lua_pop(L_, 1);
}

void ConversationStore::pushPacket(const void *session, uint32_t frame, const char *key)
{
    pushPart(session, "p", false);
    if (lua_isnil(L_, -1))
        return;
    lua_rawgeti(L_, -1, lua_Integer(frame));
    lua_remove(L_, -2);
    if (!lua_isnil(L_, -1)) {
        lua_getfield(L_, -1, key);
        lua_remove(L_, -2);
    }
}

void ConversationStore::setPacket(const void *session, uint32_t frame, const char *key, int idx)
{
    idx = lua_absindex(L_, idx);
    pushPart(session, "p", true);
    lua_rawgeti(L_, -1, lua_Integer(frame));
    if (lua_isnil(L_, -1)) {
        lua_pop(L_, 1);
        lua_newtable(L_);
        lua_pushvalue(L_, -1);
        lua_rawseti(L_, -3, lua_Integer(frame));
    }
    lua_pushvalue(L_, idx);
    lua_setfield(L_, -2, key);
    lua_pop(L_, 2);
}

void ConversationStore::pushSessionTable(const void *session)
{
    const auto cached = tableRefs_.find(session);
    if (cached != tableRefs_.end()) {
        lua_rawgeti(L_, LUA_REGISTRYINDEX, cached->second);
        return;
    }
    pushConversation(session, kSessionTableKey);
    if (!lua_istable(L_, -1)) {
        lua_pop(L_, 1);
        lua_newtable(L_);
        setConversation(session, kSessionTableKey, -1);
    }
    lua_pushvalue(L_, -1);
    tableRefs_.emplace(session, luaL_ref(L_, LUA_REGISTRYINDEX));
}

void ConversationStore::forgetSessionTable(const void *session)
{
    const auto it = tableRefs_.find(session);
    if (it == tableRefs_.end())
        return;
    luaL_unref(L_, LUA_REGISTRYINDEX, it->second);
    tableRefs_.erase(it);
}

void ConversationStore::release(const void *session)
{
    forgetSessionTable(session);
    const auto it = refs_.find(session);
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
    for (const auto &[key, ref] : tableRefs_)
        luaL_unref(L_, LUA_REGISTRYINDEX, ref);
    tableRefs_.clear();
}

} // namespace luacap::conversation
