// IpDefragmenter: reassembles IPv4 and IPv6 fragments into whole datagrams (reader thread).
// Memory is bounded (bytes and datagrams held); the oldest datagram is dropped to make room.
// Time is packet time; expire() drops datagrams older than the timeout.
#pragma once

#include <array>
#include <cstdint>
#include <list>
#include <unordered_map>
#include <vector>

#include "decode/decode_stats.h"
#include "session/session_key.h"

namespace luacap::engine {

// One fragment as the IP layer saw it. header is the IP header to rebuild the datagram with
// (IPv4 with options; IPv6 the fixed 40 bytes); prefix is everything before it in the frame.
struct IpFragment {
    AddressFamily family = AddressFamily::V4;
    const uint8_t *src = nullptr;
    const uint8_t *dst = nullptr;
    uint32_t id = 0;
    uint8_t protocol = 0;         // upper-layer protocol (IPv6: the fragment header's next header)
    uint32_t offset = 0;          // byte offset of payload in the datagram
    bool more = false;
    const uint8_t *header = nullptr;
    uint32_t headerLen = 0;
    const uint8_t *payload = nullptr;
    uint32_t payloadLen = 0;
    const uint8_t *prefix = nullptr;
    uint32_t prefixLen = 0;
    int64_t tsUsec = 0;
    uint32_t wireLen = 0;
};

class IpDefragmenter {
public:
    enum class Result : uint8_t { Held, Complete, Dropped };

    IpDefragmenter(uint32_t timeoutUsec, uint32_t maxBytes, uint32_t maxDatagrams, DecodeStats &stats);

    // Adds one fragment. On Complete, output() holds prefix + rebuilt header + payload.
    Result add(const IpFragment &frag);
    void expire(int64_t nowUsec);

    const uint8_t *output() const { return out_.data(); }
    uint32_t outputLen() const { return uint32_t(out_.size()); }
    uint16_t outputFrames() const { return outFrames_; }
    uint32_t outputWireLen() const { return outWireLen_; }

    uint32_t heldDatagrams() const { return uint32_t(index_.size()); }
    uint64_t heldBytes() const { return heldBytes_; }

private:
    struct Key {
        std::array<uint8_t, 16> src{};
        std::array<uint8_t, 16> dst{};
        uint32_t id = 0;
        uint8_t protocol = 0;
        AddressFamily family = AddressFamily::V4;
        bool operator==(const Key &) const = default;
    };
    struct KeyHash {
        size_t operator()(const Key &k) const;
    };
    struct Datagram {
        Key key;
        int64_t firstUsec = 0;
        std::vector<uint8_t> data;     // payload bytes at their datagram offsets
        std::vector<uint8_t> covered;  // one flag per 8-byte block
        std::array<uint8_t, 60> header{};
        uint32_t headerLen = 0;        // 0 until the offset-0 fragment arrives
        uint32_t totalLen = 0;         // payload length, known once the last fragment arrives
        bool totalKnown = false;
        uint16_t frames = 0;
        uint32_t wireLen = 0;
    };
    using List = std::list<Datagram>;

    static Key keyOf(const IpFragment &f);
    List::iterator findOrCreate(const IpFragment &f);
    bool place(Datagram &d, const IpFragment &f);
    bool complete(const Datagram &d) const;
    void build(const Datagram &d, const IpFragment &last);
    void release(List::iterator it, bool dropped);
    void makeRoom(uint32_t bytes, const Datagram &keep);

    uint32_t timeoutUsec_;
    uint32_t maxBytes_;
    uint32_t maxDatagrams_;
    DecodeStats &stats_;

    List live_;   // oldest first
    List spare_;  // finished datagrams kept for reuse of their buffers
    std::unordered_map<Key, List::iterator, KeyHash> index_;
    uint64_t heldBytes_ = 0;

    std::vector<uint8_t> out_;
    uint16_t outFrames_ = 0;
    uint32_t outWireLen_ = 0;
};

} // namespace luacap::engine
