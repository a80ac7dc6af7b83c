// FlowBuilder: turns (seed, flow id, options) into a complete Flow: picks the application
// and endpoints, builds the conversation, lays it out as TCP segments (handshake, MSS
// segments, delayed ACKs, FIN or RST close) or UDP datagrams, injects reordering and
// retransmission, and assigns relative timestamps. Runs on the main (only) thread.
#pragma once

#include "flow.h"
#include "prng.h"

namespace luacap::pcapgen {

class FlowBuilder {
public:
    explicit FlowBuilder(const Options &opts) : opts_(opts) {}

    // Rebuilds `flow` in place (its buffers are reused) as flow number `id`.
    void build(uint64_t id, Flow &flow) const;

    static constexpr uint32_t kMss = 1460;

private:
    App pickApp(Prng &rng) const;
    void pickEndpoints(Flow &flow, Prng &rng) const;
    void buildConversation(Flow &flow, Prng &rng) const;
    void layoutUdp(Flow &flow) const;
    void layoutTcp(Flow &flow, Prng &rng) const;
    void layoutMessage(Flow &flow, size_t index, uint32_t nxt[2], uint32_t &unacked) const;
    void closeTcp(Flow &flow, Prng &rng, uint32_t nxt[2]) const;
    void injectReorder(Flow &flow, Prng &rng) const;
    void injectRetransmission(Flow &flow, Prng &rng) const;
    void assignTimes(Flow &flow, Prng &rng) const;

    const Options &opts_;
};

} // namespace luacap::pcapgen
