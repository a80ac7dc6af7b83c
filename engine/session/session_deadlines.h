// SessionDeadlines: when each session of one SessionTable is due, on that table's packet thread.
// Idle timeouts use one LRU list per timeout class (ordered by lastClock, so the head is the
// next to expire); the rare deadlines (TCP close, mid-save, maxPackets) live in a min-heap
// with lazy deletion. Checking for nothing due costs a few comparisons.
#pragma once

#include <array>
#include <cstdint>
#include <limits>
#include <vector>

namespace luacap::engine {

class SessionDeadlines {
public:
    static constexpr int64_t kNone = std::numeric_limits<int64_t>::max();
    enum Class : uint8_t { Tcp, Udp, Icmp, Sctp, Esp, Other, ClassCount };
    enum class Event : uint8_t { Idle, Close, MidSave, MaxPackets };

    struct Due {
        uint32_t slot;
        Event event;
    };

    explicit SessionDeadlines(const std::array<int64_t, ClassCount> &idleTimeouts);

    void add(uint32_t slot, Class cls, int64_t clock);  // a new session, idle from clock
    void touch(uint32_t slot, int64_t clock);           // a packet at clock
    void remove(uint32_t slot);                         // the session was saved for good
    // Hints a packet or two ahead of touch(slot): its node, then (once that is loaded) the
    // list neighbours touch() unlinks it from. Sessions take turns, so each is a miss.
    void prefetch(uint32_t slot) const
    {
        if (slot < nodes_.size())
            __builtin_prefetch(&nodes_[slot], 1);
    }
    void prefetchNeighbours(uint32_t slot) const;

    void setClose(uint32_t slot, int64_t deadline);
    void setMidSave(uint32_t slot, int64_t deadline);
    void setMaxPackets(uint32_t slot, int64_t deadline);
    bool maxPacketsPending(uint32_t slot) const { return nodes_[slot].maxPackets != kNone; }

    // The earliest deadline of any session (kNone when there is none).
    int64_t next();
    // The session idle longest (smallest last packet clock, any class), or kNoSlot when none:
    // the one a full table gives up first (Arkime's maxStreams).
    uint32_t leastRecent() const;
    static constexpr uint32_t kNoSlot = std::numeric_limits<uint32_t>::max();
    // Every event due at exactly deadline; the rare events found are consumed.
    void collect(int64_t deadline, std::vector<Due> &out);

private:
    static constexpr uint32_t kNil = std::numeric_limits<uint32_t>::max();
    struct Node {
        uint32_t prev = kNil, next = kNil;
        uint32_t generation = 0;
        Class cls = Other;
        bool live = false;
        int64_t lastClock = 0;
        int64_t close = kNone, midSave = kNone, maxPackets = kNone;
    };
    struct Rare {
        int64_t deadline;
        uint32_t slot;
        uint32_t generation;
        bool operator>(const Rare &o) const { return deadline > o.deadline; }
    };

    Node &node(uint32_t slot);
    void link(uint32_t slot);
    void unlink(uint32_t slot);
    void push(uint32_t slot, int64_t deadline);
    bool valid(const Rare &r) const;
    Event rareEvent(Node &n, int64_t deadline) const;

    std::array<int64_t, ClassCount> timeouts_;
    std::array<uint32_t, ClassCount> head_, tail_;
    std::vector<Node> nodes_;
    std::vector<Rare> heap_;
};

} // namespace luacap::engine
