// ConversationStore implementation (the owning state's thread).
#include "conversation/conversation_store.h"

#include <cstring>
#include <utility>

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
    lua_createtable(L_, 2, 0);
    lua_pushvalue(L_, -1);
    refs_.emplace(session, luaL_ref(L_, LUA_REGISTRYINDEX));
}

// Pushes root[part] (a table), or nil when absent and !create. Parts are integer keys: a raw
// array lookup, no string hashing on every get_conv_data.
void ConversationStore::pushPart(const void *session, int part, bool create)
{
    pushRoot(session, create);
    if (lua_isnil(L_, -1))
        return;
    lua_rawgeti(L_, -1, part);
    if (lua_isnil(L_, -1) && create) {
        lua_pop(L_, 1);
        lua_createtable(L_, 0, 1);   // a value is stored in it right away
        lua_pushvalue(L_, -1);
        lua_rawseti(L_, -3, part);
    }
    lua_remove(L_, -2);
}

void ConversationStore::pushConversation(const void *session, const char *key)
{
    pushPart(session, kConversationPart, false);
    if (!lua_isnil(L_, -1)) {
        lua_getfield(L_, -1, key);
        lua_remove(L_, -2);
    }
}

void ConversationStore::setConversation(const void *session, const char *key, int idx)
{
    idx = lua_absindex(L_, idx);
    if (std::strcmp(key, kSessionTableKey) == 0 && forgetSessionTable(session))
        ++tableGeneration_;   // a ref some caller may keep is gone
    pushPart(session, kConversationPart, true);
    lua_pushvalue(L_, idx);
    lua_setfield(L_, -2, key);
    lua_pop(L_, 1);
}

void ConversationStore::pushPacket(const void *session, uint32_t frame, const char *key)
{
    pushPart(session, kPacketPart, false);
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
    pushPart(session, kPacketPart, true);
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
    lua_rawgeti(L_, LUA_REGISTRYINDEX, sessionTableRef(session));
}

int ConversationStore::sessionTableRef(const void *session)
{
    const auto cached = tableRefs_.find(session);
    if (cached != tableRefs_.end())
        return cached->second;
    pushConversation(session, kSessionTableKey);
    if (!lua_istable(L_, -1)) {
        lua_pop(L_, 1);
        // Room for the few values a script keeps per session, so its first stores do not
        // grow the table one rehash at a time (three rehashes for the bench's three keys).
        lua_createtable(L_, 0, 4);
        setConversation(session, kSessionTableKey, -1);
    }
    const int ref = luaL_ref(L_, LUA_REGISTRYINDEX);
    tableRefs_.emplace(session, ref);
    return ref;
}

bool ConversationStore::forgetSessionTable(const void *session)
{
    const auto it = tableRefs_.find(session);
    if (it == tableRefs_.end())
        return false;
    luaL_unref(L_, LUA_REGISTRYINDEX, it->second);
    tableRefs_.erase(it);
    return true;
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

void ConversationStore::retain(const void *session, uint64_t id)
{
    forgetSessionTable(session);
    const auto it = refs_.find(session);
    if (it == refs_.end())
        return;
    const auto [old, fresh] = retained_.emplace(id, it->second);
    if (!fresh)   // the id was kept already (cannot happen with first frames): keep the newer
        luaL_unref(L_, LUA_REGISTRYINDEX, std::exchange(old->second, it->second));
    refs_.erase(it);
}

void ConversationStore::adopt(const void *session, uint64_t id)
{
    const auto it = retained_.find(id);
    if (it == retained_.end())
        return;
    release(session);
    refs_.emplace(session, it->second);
    retained_.erase(it);
}

void ConversationStore::clear()
{
    for (const auto &[key, ref] : retained_)
        luaL_unref(L_, LUA_REGISTRYINDEX, ref);
    retained_.clear();
    for (const auto &[key, ref] : refs_)
        luaL_unref(L_, LUA_REGISTRYINDEX, ref);
    refs_.clear();
    for (const auto &[key, ref] : tableRefs_)
        luaL_unref(L_, LUA_REGISTRYINDEX, ref);
    tableRefs_.clear();
}

} // namespace luacap::conversation
