// SessionIndex: SessionKey -> slot for one packet thread's SessionTable (no locks).
// Open addressing with linear probing; each entry holds the key and its hash inline, so a
// lookup touches one cache line in the common case instead of a bucket, a node and a key.
#pragma once

#include <cstdint>
#include <vector>

#include "session/session_key.h"

namespace luacap::engine {

class SessionIndex {
public:
    static constexpr uint32_t kNotFound = UINT32_MAX;

    explicit SessionIndex(size_t initialCapacity = 4096);

    // hash must be key.hash() (the decoder computed it once on the reader thread).
    uint32_t find(const SessionKey &key, uint64_t hash) const;
    void insert(const SessionKey &key, uint64_t hash, uint32_t slot);  // key must be absent
    // Starts loading the entry a later find(hash) will read (hides a cache miss).
    void prefetch(uint64_t hash) const { __builtin_prefetch(&entries_[home(hash)]); }
    void erase(const SessionKey &key, uint64_t hash);
    size_t size() const { return size_; }

private:
    struct Entry {
        SessionKey key;
        uint64_t hash = 0;
        uint32_t slot = kNotFound;   // kNotFound: empty
    };

    size_t home(uint64_t hash) const { return size_t(hash) & mask_; }
    void grow();

    std::vector<Entry> entries_;
    size_t mask_;
    size_t size_ = 0;
};

} // namespace luacap::engine
