// SharedMapStore: every named shared map and ACL of the process (HAProxy's maps referenced by
// file name). Writers (init and tasks, on the main thread) change a name's entries, then
// publish(): each view of that name gets a new immutable index by pointer swap, and the old
// one is freed once every packet thread passed a quiescent state (QuiescentReaders). Writer
// calls take one mutex; readers on packet threads never do.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "shared_maps/quiescent_readers.h"
#include "shared_maps/shared_map.h"

namespace luacap::engine {

class SharedMapStore {
public:
    SharedMapStore() = default;
    ~SharedMapStore();   // no reader may be registered any more
    SharedMapStore(const SharedMapStore &) = delete;
    SharedMapStore &operator=(const SharedMapStore &) = delete;

    // The view of name through kind, created (and indexed) on first use. Stable reference.
    SharedMap &open(const std::string &name, MatchKind kind);
    // Entry changes; visible to readers after the next publish().
    void set(const std::string &name, const std::string &key, const std::string &value);
    bool erase(const std::string &name, const std::string &key);
    // Replaces name's entries with a map file ("key value" per line; an ACL file has keys
    // only; '#' starts a comment) and publishes. False with "PATH:LINE: ..." or the OS error.
    bool loadFile(const std::string &name, const std::string &path, std::string *error);
    bool contains(const std::string &name) const;

    // Rebuilds the views of every changed name, swaps them in and frees what it can.
    // Returns how many names were published.
    int publish();
    // Frees retired versions no reader can hold any more; returns how many are still waiting.
    size_t reclaim();
    // For threads that are not registered readers (the main thread): publish pending changes,
    // then look up under the lock; the value is copied out.
    std::optional<std::string> lookupLocked(const SharedMap &map, std::string_view input);

    QuiescentReaders &readers() { return readers_; }
    bool dirty() const;

private:
    struct Named {
        MapEntries entries;
        bool dirty = false;
        uint64_t changedAt = 0;   // changes_ at the last change: publish order
        std::vector<std::unique_ptr<SharedMap>> views;
    };
    int publishLocked();
    size_t reclaimLocked();
    void swapIn(SharedMap &view, const MapEntries &entries, uint64_t retireAt);

    mutable std::mutex mutex_;
    std::map<std::string, Named> maps_;
    uint64_t changes_ = 0;
    std::vector<std::pair<uint64_t, std::unique_ptr<const MapIndex>>> retired_;
    QuiescentReaders readers_;
};

} // namespace luacap::engine
