// ConversationStore implementation (the owning state's thread).
#include "conversation/conversation_store.h"

#include <cstring>
#include <utility>

namespace luacap::conversation {

const char ConversationStore::kNoValue = 0;

void ConversationStore::pushRoot(const void *session, bool create)
{
    const auto it = refs_.find(session);
    if (it != refs_.end() && it->second.root != LUA_NOREF) {
        lua_rawgeti(L_, LUA_REGISTRYINDEX, it->second.root);
        return;
    }
    if (!create) {
        lua_pushnil(L_);
        return;
    }
    lua_createtable(L_, 0, 1);   // a value is stored in it right away
    lua_pushvalue(L_, -1);
    refs_[session].root = luaL_ref(L_, LUA_REGISTRYINDEX);
}

// Pushes the session's table of packet values by frame, or nil when absent and !create. An
// integer key of the root: a raw lookup, no string hashing on every get_packet_data.
void ConversationStore::pushPackets(const void *session, bool create)
{
    pushRoot(session, create);
    if (lua_isnil(L_, -1))
        return;
    lua_rawgeti(L_, -1, kPacketsKey);
    if (lua_isnil(L_, -1) && create) {
        lua_pop(L_, 1);
        lua_createtable(L_, 0, 1);   // a value is stored in it right away
        lua_pushvalue(L_, -1);
        lua_rawseti(L_, -3, kPacketsKey);
    }
    lua_remove(L_, -2);
}

void ConversationStore::pushConversation(const void *session, const char *key)
{
    pushRoot(session, false);
    if (!lua_isnil(L_, -1)) {
        lua_getfield(L_, -1, key);
        lua_remove(L_, -2);
    }
}

int ConversationStore::valueRef(const void *session, const char *key)
{
    Refs &refs = refs_[session];
    for (const auto &[k, ref] : refs.values) {
        if (k == key)
            return ref;
    }
    pushConversation(session, key);
    pushSlotValue(-1);
    lua_remove(L_, -2);
    const int ref = luaL_ref(L_, LUA_REGISTRYINDEX);
    refs.values.emplace_back(key, ref);
    return ref;
}

void ConversationStore::pushSlotValue(int idx)
{
    if (lua_isnil(L_, idx))
        lua_pushlightuserdata(L_, const_cast<char *>(&kNoValue));
    else
        lua_pushvalue(L_, idx);
}

void ConversationStore::setConversation(const void *session, const char *key, int idx)
{
    idx = lua_absindex(L_, idx);
    if (std::strcmp(key, kSessionTableKey) == 0) {
        const auto it = refs_.find(session);
        if (it != refs_.end() && forgetSessionTable(it->second))
            ++tableGeneration_;   // a ref some caller may keep is gone
    }
    pushRoot(session, true);
    lua_pushvalue(L_, idx);
    lua_setfield(L_, -2, key);
    lua_pop(L_, 1);
    for (const auto &[k, ref] : refs_[session].values) {
        if (k == key) {
            pushSlotValue(idx);
            lua_rawseti(L_, LUA_REGISTRYINDEX, ref);
        }
    }
}

void ConversationStore::pushPacket(const void *session, uint32_t frame, const char *key)
{
    pushPackets(session, false);
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
    pushPackets(session, true);
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
    const auto cached = refs_.find(session);
    if (cached != refs_.end() && cached->second.table != LUA_NOREF)
        return cached->second.table;
    pushConversation(session, kSessionTableKey);
    if (!lua_istable(L_, -1)) {
        lua_pop(L_, 1);
        // Room for the few values a script keeps per session, so its first stores do not
        // grow the table one rehash at a time (three rehashes for the bench's three keys).
        lua_createtable(L_, 0, 4);
        setConversation(session, kSessionTableKey, -1);
    }
    const int ref = luaL_ref(L_, LUA_REGISTRYINDEX);
    refs_[session].table = ref;
    return ref;
}

void ConversationStore::dropValueRefs(Refs &refs)
{
    for (const auto &[key, ref] : refs.values)
        luaL_unref(L_, LUA_REGISTRYINDEX, ref);
    refs.values.clear();
}

bool ConversationStore::forgetSessionTable(Refs &refs)
{
    if (refs.table == LUA_NOREF)
        return false;
    luaL_unref(L_, LUA_REGISTRYINDEX, std::exchange(refs.table, LUA_NOREF));
    return true;
}

void ConversationStore::release(const void *session)
{
    const auto it = refs_.find(session);
    if (it == refs_.end())
        return;
    forgetSessionTable(it->second);
    dropValueRefs(it->second);
    luaL_unref(L_, LUA_REGISTRYINDEX, it->second.root);
    refs_.erase(it);
}

void ConversationStore::retain(const void *session, uint64_t id)
{
    const auto it = refs_.find(session);
    if (it == refs_.end())
        return;
    forgetSessionTable(it->second);
    dropValueRefs(it->second);
    const int root = it->second.root;
    refs_.erase(it);
    if (root == LUA_NOREF)
        return;
    const auto [old, fresh] = retained_.emplace(id, root);
    if (!fresh)   // the id was kept already (cannot happen with first frames): keep the newer
        luaL_unref(L_, LUA_REGISTRYINDEX, std::exchange(old->second, root));
}

void ConversationStore::adopt(const void *session, uint64_t id)
{
    const auto it = retained_.find(id);
    if (it == retained_.end())
        return;
    release(session);
    refs_[session].root = it->second;
    retained_.erase(it);
}

void ConversationStore::clear()
{
    for (const auto &[key, ref] : retained_)
        luaL_unref(L_, LUA_REGISTRYINDEX, ref);
    retained_.clear();
    for (auto &[key, refs] : refs_) {
        dropValueRefs(refs);
        luaL_unref(L_, LUA_REGISTRYINDEX, refs.table);
        luaL_unref(L_, LUA_REGISTRYINDEX, refs.root);
    }
    refs_.clear();
}

} // namespace luacap::conversation
