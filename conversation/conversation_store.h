// ConversationStore: the Lua values scripts keep per session (one state's registry, one
// reference per session), shared by the wslua `conversation` module, pinfo.conversation and
// the Arkime API's session:table(). Per session it holds conversation data by key (a proto's
// filter name; session:table() is key "arkime") and packet data by (frame number, key).
// Owned by a packet thread's Lua host; a session's entry is released when it is freed.
#pragma once

#include <cstdint>
#include <lua.hpp>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

namespace luacap::conversation {

class ConversationStore {
public:
    // The key session:table() uses: a Proto named "arkime" would share it.
    static constexpr const char *kSessionTableKey = "arkime";

    explicit ConversationStore(lua_State *L) : L_(L) {}
    ~ConversationStore() { clear(); }
    ConversationStore(const ConversationStore &) = delete;
    ConversationStore &operator=(const ConversationStore &) = delete;

    // Pushes the conversation value of (session, key), or nil when none was set.
    void pushConversation(const void *session, const char *key);
    // A registry ref whose slot always holds (session, key)'s conversation value:
    // setConversation writes through it. It stays valid until the session is released, so
    // per-session state may keep it and read the value with pushValue, no session or key
    // lookup (get_conv_data does on every packet).
    int valueRef(const void *session, const char *key);
    // Pushes the value behind a valueRef (nil when none is set).
    void pushValue(int ref) const
    {
        lua_rawgeti(L_, LUA_REGISTRYINDEX, ref);
        if (lua_touserdata(L_, -1) == &kNoValue) {
            lua_pop(L_, 1);
            lua_pushnil(L_);
        }
    }
    // Stores the value at idx (nil removes it).
    void setConversation(const void *session, const char *key, int idx);
    // Same for packet data of one frame of the session.
    void pushPacket(const void *session, uint32_t frame, const char *key);
    void setPacket(const void *session, uint32_t frame, const char *key, int idx);
    // session:table(): the conversation value under kSessionTableKey, made an empty table on first use.
    void pushSessionTable(const void *session);
    // The registry ref behind pushSessionTable. It stays valid until the session is released
    // or tableGeneration() changes (its key was set to another value), so a caller may keep it.
    int sessionTableRef(const void *session);
    uint64_t tableGeneration() const { return tableGeneration_; }

    // Drops the session's values so Lua's collector can free them.
    void release(const void *session);
    // --two-pass: at the end of pass one a session's values are kept under an id that names
    // the same session in pass two (its first frame number), where adopt() hands them to the
    // new session object, so pass two sees pass one's conversation and packet data.
    void retain(const void *session, uint64_t id);
    void adopt(const void *session, uint64_t id);
    void clear();
    size_t size() const { return refs_.size(); }

private:
    // Pushes the session's root table: its conversation values by key (strings), and under the
    // integer key kPacketsKey (no Proto's name) a table {frame = packet values}. One table
    // for a session that only uses session:table(), plus that table.
    void pushRoot(const void *session, bool create);
    static constexpr int kPacketsKey = 1;
    void pushPackets(const void *session, bool create);

    // A session's registry refs: its root table, the session:table() value (the Arkime API
    // asks for it on every chunk, so it skips the root's lookup; dropped whenever that key is
    // set), and the valueRef slots handed out, by key.
    struct Refs {
        int root = LUA_NOREF;
        int table = LUA_NOREF;
        std::vector<std::pair<std::string, int>> values;
    };
    bool forgetSessionTable(Refs &refs);   // false: there was none
    void dropValueRefs(Refs &refs);
    // What a valueRef slot holds for "no value": never nil, since luaL_ref finds free slots
    // by the registry's length, which a nil in its array part can cut short.
    static const char kNoValue;
    void pushSlotValue(int idx);   // the value at idx, kNoValue for nil

    lua_State *L_;
    std::unordered_map<const void *, Refs> refs_;   // session -> its refs
    uint64_t tableGeneration_ = 0;
    std::unordered_map<uint64_t, int> retained_;   // id -> root ref, between the passes
};

} // namespace luacap::conversation
