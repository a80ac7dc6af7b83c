// End-to-end tests of the pipeline's plugin hooks through the real ReplayPipeline on a
// generated capture: a packet thread whose observers cannot be built stops the run before any
// packet is read; sessions whose final save waits for outstanding work (released later, at
// thread-count-dependent moments) still come out in the same order for any thread count.
#include <QCoreApplication>
#include <QTemporaryDir>
#include <QTest>

#include <algorithm>
#include <cstring>
#include <stdexcept>

#include "dispatch/replay_pipeline.h"
#include "fields/field_registry.h"
#include "records/record_sink.h"
#include "session/session.h"
#include "support/memory_sink.h"
#include "support/run_luacap.h"

using namespace luacap::engine;
using namespace luacap::test;

namespace {
const char *const kTimeoutTag = ",\"tags\":[\"outstanding-timeout\"],\"tagsCnt\":1";

// Holds every third session's final save, and releases it 40 packets (of this thread) later.
struct HoldingPlugin : SessionObserver {
    struct Held {
        Session *session;
        int releaseAfter;
    };
    std::vector<Held> held;
    uint64_t finals = 0;
    void onPreSave(Session &s, bool final) override
    {
        if (final && (s.key.hash() % 3) == 0) {
            ++s.outstanding;
            held.push_back({&s, 40});
        }
        finals += final;
    }
    void onPacket(Session &, const PacketInfo &, const uint8_t *, int) override
    {
        for (Held &h : held) {
            if (--h.releaseAfter == 0)
                --h.session->outstanding;
        }
        held.erase(std::remove_if(held.begin(), held.end(), [](const Held &h) { return h.releaseAfter <= 0; }),
                   held.end());
    }
    void onSessionFreed(Session &s) override
    {
        held.erase(std::remove_if(held.begin(), held.end(), [&](const Held &h) { return h.session == &s; }),
                   held.end());
    }
};

PipelineStats run(const std::string &pcap, int threads, ObserverFactory factory, std::string &out)
{
    FieldRegistry registry;
    MemorySink sink;
    PipelineConfig config;
    config.packetThreads = threads;
    config.sessions.udpTimeoutUsec = 300'000;   // short timeouts: most saves happen mid-run
    config.sessions.tcpTimeoutUsec = 300'000;
    config.observers = std::move(factory);
    ReplayPipeline pipeline(config, registry, sink);
    pipeline.start({pcap});
    pipeline.wait();
    out = sink.text;
    return pipeline.stats();
}
} // namespace

class TestPipelineHooks : public QObject {
    Q_OBJECT
    QTemporaryDir dir_;
    std::string pcap_;

private slots:
    void initTestCase()
    {
        pcap_ = dir_.filePath("w.pcap").toStdString();
        RunResult g = runPcapgen({"--flows", "600", "--concurrency", "40", "--seed", "11", "-o",
                                  QString::fromStdString(pcap_)});
        QVERIFY2(g.exitCode == 0, g.err.constData());
    }

    void failedObserverFactoryReadsNothing()
    {
        std::string out;
        const PipelineStats stats = run(pcap_, 2, [](int thread) -> std::vector<std::unique_ptr<SessionObserver>> {
            if (thread == 1)
                throw std::runtime_error("lua: registrations differ");
            return {};
        }, out);
        QCOMPARE(stats.startupErrors.size(), size_t(1));
        QCOMPARE(stats.startupErrors[0], std::string("lua: registrations differ"));
        QCOMPARE(stats.reader.decode.packets, uint64_t(0));
        QVERIFY(out.empty());
    }

    void heldSavesKeepTheOrderForAnyThreadCount()
    {
        std::string plain;
        run(pcap_, 1, {}, plain);
        for (int threads : {1, 2, 3}) {
            std::string out;
            const PipelineStats stats = run(pcap_, threads, [](int) {
                std::vector<std::unique_ptr<SessionObserver>> v;
                v.push_back(std::make_unique<HoldingPlugin>());
                return v;
            }, out);
            QVERIFY(stats.startupErrors.empty());
            // Sessions still held when the input ends are written with a tag, and which ones
            // those are depends on when a thread released them; everything else, including
            // the order, must be what the run without holds wrote.
            int timedOut = 0;
            for (std::string::size_type at; (at = out.find(kTimeoutTag)) != std::string::npos; ++timedOut)
                out.erase(at, std::strlen(kTimeoutTag));
            QVERIFY2(out == plain, qPrintable(QString("threads=%1").arg(threads)));
            QVERIFY(timedOut < 60);  // most held saves were released normally
        }
    }
};

QTEST_GUILESS_MAIN(TestPipelineHooks)
#include "tst_pipeline_hooks.moc"
