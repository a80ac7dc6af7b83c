// End-to-end tests of cancelling a ReplayPipeline (issue 9: the viewer's cancel button) on a
// large generated capture: the reader stops at a batch boundary long before the end, every
// session that got packets is still saved once, whole, and the run ends normally.
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>

#include <atomic>
#include <numeric>

#include "dispatch/replay_pipeline.h"
#include "fields/field_registry.h"
#include "plugin/session_observer.h"
#include "support/memory_sink.h"
#include "support/run_luacap.h"

using namespace luacap::engine;
using namespace luacap::test;

namespace {
// Raises the cancel flag when packet thread 0 has seen cancelAfter packets (its thread).
struct CancellingObserver : SessionObserver {
    std::atomic<bool> &flag;
    int left;
    CancellingObserver(std::atomic<bool> &f, int cancelAfter) : flag(f), left(cancelAfter) {}
    void onPacket(Session &, const PacketInfo &, const uint8_t *, int) override
    {
        if (--left == 0)
            flag.store(true);
    }
};

struct Outcome {
    PipelineStats stats;
    QList<QJsonObject> records;
};

constexpr size_t kBatchesPerThread = 4;

// cancelAfter: packets of thread 0 before the flag goes up (0: never; < 0: cancel() before start()).
Outcome replay(const std::string &pcap, int threads, int cancelAfter)
{
    FieldRegistry registry;
    std::atomic<bool> flag{false};
    MemorySink sink;
    PipelineConfig config;
    config.packetThreads = threads;
    config.batchesPerThread = kBatchesPerThread;
    if (cancelAfter > 0) {
        config.cancel = &flag;
        config.observers = [&flag, cancelAfter](int thread) {
            std::vector<std::unique_ptr<SessionObserver>> v;
            if (thread == 0)
                v.push_back(std::make_unique<CancellingObserver>(flag, cancelAfter));
            return v;
        };
    }
    ReplayPipeline pipeline(config, registry, sink);
    if (cancelAfter < 0)
        pipeline.cancel();
    pipeline.start({pcap});
    pipeline.wait();
    return {pipeline.stats(), parseRecords(QByteArray::fromStdString(sink.text))};
}

uint64_t sum(const std::vector<WorkerStats> &workers, uint64_t WorkerStats::*field)
{
    return std::accumulate(workers.begin(), workers.end(), uint64_t(0),
                           [field](uint64_t total, const WorkerStats &w) { return total + w.*field; });
}
} // namespace

class TestReplayCancel : public QObject {
    Q_OBJECT
    QTemporaryDir dir_;
    std::string pcap_;
    uint64_t filePackets_ = 0;

private slots:
    void initTestCase()
    {
        pcap_ = dir_.filePath("big.pcap").toStdString();
        const QString summary = dir_.filePath("big.json");
        RunResult g = runPcapgen({"--flows", "6000", "--concurrency", "200", "--seed", "9", "-o",
                                  QString::fromStdString(pcap_), "--summary", summary});
        QVERIFY2(g.exitCode == 0, g.err.constData());
        QFile f(summary);
        QVERIFY(f.open(QIODevice::ReadOnly));
        filePackets_ = uint64_t(QJsonDocument::fromJson(f.readAll()).object().value("packets").toDouble());
        QVERIFY(filePackets_ > 100000);
    }

    void cancelMidReplay_data()
    {
        QTest::addColumn<int>("threads");
        QTest::addColumn<int>("cancelAfter");
        QTest::newRow("1 thread, after 1000 packets") << 1 << 1000;
        QTest::newRow("3 threads, after 1000 packets") << 3 << 1000;
        QTest::newRow("2 threads, after 8000 packets") << 2 << 8000;
    }

    void cancelMidReplay()
    {
        QFETCH(int, threads);
        QFETCH(int, cancelAfter);
        const Outcome run = replay(pcap_, threads, cancelAfter);
        const PipelineStats &s = run.stats;
        QVERIFY(s.cancelled);
        QVERIFY(!s.sinkFailed);
        QVERIFY(s.reader.errors.empty());
        // Stopped early: backpressure keeps the reader at most a few batches per thread ahead of
        // the packet threads (a flush interval more for the flag to be seen).
        const uint64_t bound = uint64_t(cancelAfter) * threads + (kBatchesPerThread + 2) * 512 * threads * 2;
        QVERIFY2(s.reader.decode.packets < bound,
                 qPrintable(QString("read %1 of %2").arg(s.reader.decode.packets).arg(filePackets_)));
        QVERIFY(s.recordsWritten > 0);
        // Every session that got a packet was saved, once, from every packet it got.
        QCOMPARE(s.recordsWritten, sum(s.workers, &WorkerStats::sessionsCreated));
        QCOMPARE(sum(s.workers, &WorkerStats::packets), s.reader.decode.sessionPackets);
        QCOMPARE(uint64_t(run.records.size()), s.recordsWritten);
        double recordPackets = 0;
        for (const QJsonObject &r : run.records) {
            QVERIFY(r.contains("firstPacket"));
            recordPackets += valueAt(r, "network.packets").toDouble();
        }
        QCOMPARE(uint64_t(recordPackets), s.reader.decode.sessionPackets);
        qInfo("read %llu of %llu packets, %llu sessions saved", (unsigned long long)s.reader.decode.packets,
              (unsigned long long)filePackets_, (unsigned long long)s.recordsWritten);
    }

    void cancelBeforeStartReadsNothing()
    {
        const Outcome run = replay(pcap_, 2, -1);
        QVERIFY(run.stats.cancelled);
        QCOMPARE(run.stats.reader.decode.packets, uint64_t(0));
        QCOMPARE(run.stats.recordsWritten, uint64_t(0));
    }

    void uncancelledRunReadsEverything()
    {
        const Outcome run = replay(pcap_, 2, 0);
        QVERIFY(!run.stats.cancelled);
        QCOMPARE(run.stats.reader.decode.packets, filePackets_);
    }
};

QTEST_GUILESS_MAIN(TestReplayCancel)
#include "tst_replay_cancel.moc"
