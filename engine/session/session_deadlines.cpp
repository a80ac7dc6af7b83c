// SessionDeadlines implementation (packet thread of the owning SessionTable).
#include "session/session_deadlines.h"

#include <algorithm>
#include <functional>

namespace luacap::engine {

SessionDeadlines::SessionDeadlines(const std::array<int64_t, ClassCount> &idleTimeouts)
    : timeouts_(idleTimeouts)
{
    head_.fill(kNil);
    tail_.fill(kNil);
}

SessionDeadlines::Node &SessionDeadlines::node(uint32_t slot)
{
    if (slot >= nodes_.size())
        nodes_.resize(size_t(slot) + 1);
    return nodes_[slot];
}

void SessionDeadlines::add(uint32_t slot, Class cls, int64_t clock)
{
    Node &n = node(slot);
    const uint32_t generation = n.generation + 1;
    n = Node{};
    n.generation = generation;
    n.cls = cls;
    n.live = true;
    n.lastClock = clock;
    link(slot);
}

void SessionDeadlines::touch(uint32_t slot, int64_t clock)
{
    Node &n = nodes_[slot];
    n.lastClock = std::max(n.lastClock, clock);
    if (tail_[n.cls] == slot)
        return;
    unlink(slot);
    link(slot);
}

void SessionDeadlines::prefetchNeighbours(uint32_t slot) const
{
    if (slot >= nodes_.size())
        return;
    const Node &n = nodes_[slot];
    if (n.prev < nodes_.size())
        __builtin_prefetch(&nodes_[n.prev], 1);
    if (n.next < nodes_.size())
        __builtin_prefetch(&nodes_[n.next], 1);
}

void SessionDeadlines::remove(uint32_t slot)
{
    Node &n = nodes_[slot];
    if (!n.live)
        return;
    unlink(slot);
    n.live = false;
    n.close = n.midSave = n.maxPackets = kNone;  // heap entries become stale
}

// Appends at the tail: packets arrive in clock order, so the list stays sorted by lastClock.
void SessionDeadlines::link(uint32_t slot)
{
    Node &n = nodes_[slot];
    n.prev = tail_[n.cls];
    n.next = kNil;
    if (n.prev == kNil)
        head_[n.cls] = slot;
    else
        nodes_[n.prev].next = slot;
    tail_[n.cls] = slot;
}

void SessionDeadlines::unlink(uint32_t slot)
{
    Node &n = nodes_[slot];
    if (n.prev == kNil)
        head_[n.cls] = n.next;
    else
        nodes_[n.prev].next = n.next;
    if (n.next == kNil)
        tail_[n.cls] = n.prev;
    else
        nodes_[n.next].prev = n.prev;
    n.prev = n.next = kNil;
}

void SessionDeadlines::setClose(uint32_t slot, int64_t deadline)
{
    nodes_[slot].close = deadline;
    push(slot, deadline);
}

void SessionDeadlines::setMidSave(uint32_t slot, int64_t deadline)
{
    nodes_[slot].midSave = deadline;
    push(slot, deadline);
}

void SessionDeadlines::setMaxPackets(uint32_t slot, int64_t deadline)
{
    nodes_[slot].maxPackets = deadline;
    push(slot, deadline);
}

void SessionDeadlines::push(uint32_t slot, int64_t deadline)
{
    if (deadline == kNone)
        return;
    heap_.push_back(Rare{deadline, slot, nodes_[slot].generation});
    std::push_heap(heap_.begin(), heap_.end(), std::greater<>());
}

// An entry is stale when its session is gone or its deadline was replaced.
bool SessionDeadlines::valid(const Rare &r) const
{
    const Node &n = nodes_[r.slot];
    return n.live && n.generation == r.generation &&
           (n.close == r.deadline || n.midSave == r.deadline || n.maxPackets == r.deadline);
}

int64_t SessionDeadlines::next()
{
    while (!heap_.empty() && !valid(heap_.front())) {
        std::pop_heap(heap_.begin(), heap_.end(), std::greater<>());
        heap_.pop_back();
    }
    int64_t earliest = heap_.empty() ? kNone : heap_.front().deadline;
    for (int c = 0; c < ClassCount; ++c) {
        if (head_[c] != kNil)
            earliest = std::min(earliest, nodes_[head_[c]].lastClock + timeouts_[c]);
    }
    return earliest;
}

SessionDeadlines::Event SessionDeadlines::rareEvent(Node &n, int64_t deadline) const
{
    // A close outranks a mid-save due at the same time; consumed mid-saves are cleared.
    Event event = Event::Close;
    if (n.maxPackets == deadline) {
        n.maxPackets = kNone;
        event = Event::MaxPackets;
    }
    if (n.midSave == deadline) {
        n.midSave = kNone;
        event = Event::MidSave;
    }
    return n.close == deadline ? Event::Close : event;
}

void SessionDeadlines::collect(int64_t deadline, std::vector<Due> &out)
{
    for (int c = 0; c < ClassCount; ++c) {
        for (uint32_t s = head_[c]; s != kNil && nodes_[s].lastClock + timeouts_[c] == deadline; s = nodes_[s].next)
            out.push_back(Due{s, Event::Idle});
    }
    while (!heap_.empty() && heap_.front().deadline == deadline) {
        const Rare r = heap_.front();
        std::pop_heap(heap_.begin(), heap_.end(), std::greater<>());
        heap_.pop_back();
        if (valid(r))
            out.push_back(Due{r.slot, rareEvent(nodes_[r.slot], deadline)});
    }
}

uint32_t SessionDeadlines::leastRecent() const
{
    uint32_t oldest = kNil;
    for (int c = 0; c < ClassCount; ++c) {
        const uint32_t h = head_[c];
        if (h != kNil && (oldest == kNil || nodes_[h].lastClock < nodes_[oldest].lastClock))
            oldest = h;
    }
    return oldest;
}

} // namespace luacap::engine
