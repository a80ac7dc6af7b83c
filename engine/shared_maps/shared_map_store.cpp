// SharedMapStore implementation: every function runs under mutex_ on a writer's thread
// (the main thread in luacap); packet threads only call SharedMap::lookup.
#include "shared_maps/shared_map_store.h"

#include <algorithm>

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
    named.changedAt = ++changes_;
}

bool SharedMapStore::erase(const std::string &name, const std::string &key)
{
    std::lock_guard<std::mutex> lock(mutex_);
    const auto it = maps_.find(name);
    if (it == maps_.end() || it->second.entries.erase(key) == 0)
        return false;
    it->second.dirty = true;
    it->second.changedAt = ++changes_;
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
    named.changedAt = ++changes_;
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

// Builds every changed view's new index first (the slow part), then swaps them in the order
// their maps were changed: a reader that sees a later change sees every earlier one (a task
// that adds to an ACL and then sets a "go" flag is never seen half done). Then advances the
// epoch once: a reader that reports the new epoch has seen every new pointer.
int SharedMapStore::publishLocked()
{
    std::vector<Named *> changed;
    for (auto &[name, named] : maps_)
        if (named.dirty)
            changed.push_back(&named);
    std::sort(changed.begin(), changed.end(), [](const Named *a, const Named *b) { return a->changedAt < b->changedAt; });
    std::vector<std::pair<SharedMap *, std::unique_ptr<const MapIndex>>> fresh;
    for (Named *named : changed)
        for (auto &view : named->views)
            fresh.emplace_back(view.get(), buildMapIndex(view->kind(), named->entries));
    std::vector<std::unique_ptr<const MapIndex>> old;
    for (auto &[view, index] : fresh)
        old.emplace_back(view->current_.exchange(index.release()));
    for (Named *named : changed)
        named->dirty = false;
    const int published = int(changed.size());
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
