// luacap-pcapgen: writes a deterministic pcap of many interleaved HTTP/DNS/TLS/SMTP flows
// (and optionally a JSON summary of them) for tests and benchmarks. Single-threaded.
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <memory>

#include "flow_scheduler.h"
#include "options.h"

using namespace luacap::pcapgen;

int main(int argc, char **argv) {
    Options opts;
    std::string error;
    if (!parseOptions(argc, argv, opts, error)) {
        std::fprintf(stderr, "luacap-pcapgen: %s\n%s", error.c_str(), usageText());
        return 2;
    }
    if (opts.help) {
        std::fputs(usageText(), stdout);
        return 0;
    }
    PcapFile out;
    if (!out.open(opts.output, opts.snaplen, opts.linktype, opts.truncateAt)) {
        std::fprintf(stderr, "luacap-pcapgen: cannot write %s: %s\n", opts.output.c_str(), std::strerror(errno));
        return 1;
    }
    FrameEncoder encoder(opts.linktype);
    std::unique_ptr<SummaryWriter> summary;
    if (!opts.summary.empty()) summary = std::make_unique<SummaryWriter>(opts, encoder);
    const RunStats stats = FlowScheduler(opts, out, encoder, summary.get()).run();
    if (!out.close()) {
        std::fprintf(stderr, "luacap-pcapgen: write error on %s\n", opts.output.c_str());
        return 1;
    }
    if (summary && !summary->write(opts.summary, stats.packets, out.recordsComplete(), out.bytesWritten(),
                                   stats.firstUsec, stats.lastUsec)) {
        std::fprintf(stderr, "luacap-pcapgen: cannot write %s\n", opts.summary.c_str());
        return 1;
    }
    return 0;
}
