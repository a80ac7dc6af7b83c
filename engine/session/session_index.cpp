// SessionIndex implementation (packet thread).
#include "session/session_index.h"

namespace luacap::engine {

SessionIndex::SessionIndex(size_t initialCapacity)
{
    size_t capacity = 16;
    while (capacity < initialCapacity)
        capacity <<= 1;
    entries_.resize(capacity);
    mask_ = capacity - 1;
}

uint32_t SessionIndex::find(const SessionKey &key, uint64_t hash) const
{
    for (size_t i = home(hash);; i = (i + 1) & mask_) {
        const Entry &e = entries_[i];
        if (e.slot == kNotFound)
            return kNotFound;
        if (e.hash == hash && e.key == key)
            return e.slot;
    }
}

void SessionIndex::insert(const SessionKey &key, uint64_t hash, uint32_t slot)
{
    if ((size_ + 1) * 2 > entries_.size())  // load factor at most 1/2 keeps probes short
        grow();
    size_t i = home(hash);
    while (entries_[i].slot != kNotFound)
        i = (i + 1) & mask_;
    entries_[i] = Entry{key, hash, slot};
    ++size_;
}

// Backward-shift deletion: no tombstones, so lookups never slow down as sessions churn.
void SessionIndex::erase(const SessionKey &key, uint64_t hash)
{
    size_t i = home(hash);
    while (entries_[i].slot != kNotFound && !(entries_[i].hash == hash && entries_[i].key == key))
        i = (i + 1) & mask_;
    if (entries_[i].slot == kNotFound)
        return;
    --size_;
    for (size_t j = (i + 1) & mask_; entries_[j].slot != kNotFound; j = (j + 1) & mask_) {
        const size_t want = home(entries_[j].hash);
        // Move j into the hole at i unless its home lies cyclically in (i, j].
        const bool stays = i <= j ? (i < want && want <= j) : (i < want || want <= j);
        if (!stays) {
            entries_[i] = entries_[j];
            i = j;
        }
    }
    entries_[i].slot = kNotFound;
}

void SessionIndex::grow()
{
    std::vector<Entry> old = std::move(entries_);
    entries_.assign(old.size() * 2, Entry{});
    mask_ = entries_.size() - 1;
    size_ = 0;
    for (const Entry &e : old) {
        if (e.slot != kNotFound)
            insert(e.key, e.hash, e.slot);
    }
}

} // namespace luacap::engine
