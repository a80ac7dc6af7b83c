// SharedMapStore implementation: every function runs under mutex_ on a writer's thread
// (the main thread in luacap); packet threads only call SharedMap::lookup.
#include "shared_maps/shared_map_store.h"

#include "shared_maps/map_file.h"

namespace luacap::engine {

SharedMapStore::~SharedMapStore()
{
    for (auto &[name, named] : maps_)
        for (auto &view : named.views)
            delete view->current_.load();
}

SharedMap &SharedMapStore::open(const std::string &name, MatchKind kind)
{
    std::lock_guard<std::mutex> lock(mutex_);
    Named &named = maps_[name];
    for (auto &view : named.views)
        if (view->kind() == kind)
            return *view;
    auto view = std::make_unique<SharedMap>(name, kind);
    view->current_.store(buildMapIndex(kind, named.entries).release());
    named.views.push_back(std::move(view));
    return *named.views.back();
}

void SharedMapStore::set(const std::string &name, const std::string &key, const std::string &value)
{
    std::lock_guard<std::mutex> lock(mutex_);
    Named &named = maps_[name];
    named.entries.insert_or_assign(key, value);
    named.dirty = true;
}

bool SharedMapStore::erase(const std::string &name, const std::string &key)
{
    std::lock_guard<std::mutex> lock(mutex_);
    const auto it = maps_.find(name);
    if (it == maps_.end() || it->second.entries.erase(key) == 0)
        return false;
    it->second.dirty = true;
    return true;
}

bool SharedMapStore::loadFile(const std::string &name, const std::string &path, std::string *error)
{
    MapEntries entries;
    if (!readMapFile(path, entries, error))
        return false;
    std::lock_guard<std::mutex> lock(mutex_);
    Named &named = maps_[name];
    named.entries = std::move(entries);
    named.dirty = true;
    publishLocked();
    return true;
}

bool SharedMapStore::contains(const std::string &name) const
{
    std::lock_guard<std::mutex> lock(mutex_);
    return maps_.count(name) > 0;
}

bool SharedMapStore::dirty() const
{
    std::lock_guard<std::mutex> lock(mutex_);
    for (const auto &[name, named] : maps_)
        if (named.dirty)
            return true;
    return false;
}

int SharedMapStore::publish()
{
    std::lock_guard<std::mutex> lock(mutex_);
    return publishLocked();
}

// Swaps every changed view first, then advances the epoch once: a reader that reports the
// new epoch has seen every new pointer.
int SharedMapStore::publishLocked()
{
    std::vector<std::unique_ptr<const MapIndex>> old;
    int published = 0;
    for (auto &[name, named] : maps_) {
        if (!named.dirty)
            continue;
        for (auto &view : named.views)
            old.emplace_back(view->current_.exchange(buildMapIndex(view->kind(), named.entries).release()));
        named.dirty = false;
        ++published;
    }
    if (!old.empty()) {
        const uint64_t epoch = readers_.advance();
        for (auto &index : old)
            retired_.emplace_back(epoch, std::move(index));
    }
    reclaimLocked();
    return published;
}

size_t SharedMapStore::reclaim()
{
    std::lock_guard<std::mutex> lock(mutex_);
    return reclaimLocked();
}

size_t SharedMapStore::reclaimLocked()
{
    if (retired_.empty())
        return 0;
    const uint64_t oldest = readers_.oldestSeen();
    std::erase_if(retired_, [oldest](const auto &r) { return r.first <= oldest; });
    return retired_.size();
}

std::optional<std::string> SharedMapStore::lookupLocked(const SharedMap &map, std::string_view input)
{
    std::lock_guard<std::mutex> lock(mutex_);
    if (maps_[map.name()].dirty)
        publishLocked();
    const std::string *value = map.lookup(input);
    return value ? std::optional<std::string>(*value) : std::nullopt;
}

} // namespace luacap::engine
