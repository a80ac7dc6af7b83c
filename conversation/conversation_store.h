// ConversationStore: the Lua values scripts keep per session (one state's registry, one
// reference per session), shared by the wslua `conversation` module, pinfo.conversation and
// the Arkime API's session:table(). Per session it holds conversation data by key (a proto's
// filter name; session:table() is key "arkime") and packet data by (frame number, key).
// Owned by a packet thread's Lua host; a session's entry is released when it is freed.
#pragma once

#include <cstdint>
#include <lua.hpp>
#include <unordered_map>

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
    // The registry ref of the session's root table (LUA_NOREF while it has none). It stays
    // valid until the session is released, so per-session state may keep it and skip the
    // session lookup on later calls.
    int rootRef(const void *session) const;
    // The value under the key string on top of the stack (which it replaces) in the root table
    // of rootRef: keeping the key as a Lua string saves hashing it on every call.
    void pushConversationOfKey(int root);
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

    // A session's registry refs: its root table, and the session:table() value (the Arkime API
    // asks for it on every chunk, so it skips the root's lookup; dropped whenever that key is set).
    struct Refs {
        int root = LUA_NOREF;
        int table = LUA_NOREF;
    };
    bool forgetSessionTable(Refs &refs);   // false: there was none

    lua_State *L_;
    std::unordered_map<const void *, Refs> refs_;   // session -> its refs
    uint64_t tableGeneration_ = 0;
    std::unordered_map<uint64_t, int> retained_;   // id -> root ref, between the passes
};

} // namespace luacap::conversation
