// SharedMap: one named map seen through one MatchKind, as readers hold it. Its current
// version is swapped by the SharedMapStore (writer); lookup() reads it without a lock from a
// thread registered with the store's QuiescentReaders (packet threads). Lives as long as the
// store, so a reader may keep the reference.
#pragma once

#include <atomic>
#include <string>
#include <string_view>

#include "shared_maps/map_index.h"

namespace luacap::engine {

class SharedMap {
public:
    SharedMap(std::string name, MatchKind kind) : name_(std::move(name)), kind_(kind) {}
    SharedMap(const SharedMap &) = delete;
    SharedMap &operator=(const SharedMap &) = delete;

    const std::string &name() const { return name_; }
    MatchKind kind() const { return kind_; }
    // Registered reader threads only (or under the store's lock): the pointer stays valid
    // until the thread's next quiescent state.
    const std::string *lookup(std::string_view input) const { return current_.load()->lookup(input); }
    size_t size() const { return current_.load()->size(); }

private:
    friend class SharedMapStore;
    std::string name_;
    MatchKind kind_;
    std::atomic<const MapIndex *> current_{nullptr};
};

} // namespace luacap::engine
