// Session commands through the real ReplayPipeline and PacketWorker, without Lua or HTTP: a
// command posted from another thread runs on the owning packet thread, wakes it while it
// waits for batches, finds the session it names (held for outstanding work) and lets its
// record go; replay waits (wall clock) for announced commands at the end of input.
#include <QTemporaryDir>
#include <QTest>

#include <atomic>
#include <future>
#include <mutex>
#include <thread>

#include "dispatch/packet_worker.h"
#include "dispatch/record_channel.h"
#include "dispatch/replay_pipeline.h"
#include "dispatch/session_command_queue.h"
#include "dispatch/startup_gate.h"
#include "dispatch/worker_channel.h"
#include "fields/field_registry.h"
#include "records/record_sink.h"
#include "session/session.h"
#include "support/memory_sink.h"
#include "support/run_luacap.h"

using namespace luacap::engine;
using namespace luacap::test;

namespace {
// Holds every final save and answers it from another thread, as an HTTP reply would.
struct AnsweringPlugin : SessionObserver {
    std::atomic<int> *found;
    std::vector<std::thread> answerers;
    explicit AnsweringPlugin(std::atomic<int> *f) : found(f) {}
    ~AnsweringPlugin() override
    {
        for (std::thread &t : answerers)
            t.join();
    }
    void onPreSave(Session &s, bool final) override
    {
        if (!final)
            return;
        ++s.outstanding;
        SessionCommandQueue *queue = SessionCommandQueue::current();
        queue->expect();
        const SessionRef ref{true, s.key, s.firstPacketUsec};
        answerers.emplace_back([q = queue->shared_from_this(), ref, this] {
            q->post(SessionCommand{ref, [this](Session *held) {
                                       if (!held)
                                           return;
                                       ++*found;
                                       --held->outstanding;
                                   },
                                   true});
        });
    }
};

std::string replay(const std::string &pcap, int threads, ObserverFactory factory)
{
    FieldRegistry registry;
    MemorySink sink;
    PipelineConfig config;
    config.packetThreads = threads;
    config.observers = std::move(factory);
    ReplayPipeline pipeline(config, registry, sink);
    pipeline.start({pcap});
    pipeline.wait();
    return sink.text;
}
} // namespace

class TestSessionCommands : public QObject {
    Q_OBJECT
    QTemporaryDir dir_;
    std::string pcap_;

private slots:
    void initTestCase()
    {
        pcap_ = dir_.filePath("w.pcap").toStdString();
        const RunResult g = runPcapgen({"--flows", "300", "--seed", "3", "-o", QString::fromStdString(pcap_)});
        QVERIFY2(g.exitCode == 0, g.err.constData());
    }

    // An idle packet thread (no batch coming) runs a posted command at once, on its thread.
    void idleWorkerWakesForACommand()
    {
        FieldRegistry registry;
        WorkerChannel in(4);
        Doorbell bell;
        RecordChannel out(16, bell);
        StartupGate gate(1);
        PacketWorker worker(0, SessionTableConfig{}, registry, RecordOptions{}, in, out, {}, gate);
        std::promise<std::thread::id> ran;
        std::thread thread([&] { worker.run(); });
        // No session named: the command gets nullptr, on the packet thread.
        worker.commands()->post(SessionCommand{{}, [&](Session *s) {
            ran.set_value(s ? std::thread::id{} : std::this_thread::get_id());
        }});
        std::future<std::thread::id> done = ran.get_future();
        QCOMPARE(done.wait_for(std::chrono::seconds(20)), std::future_status::ready);
        QCOMPARE(done.get(), thread.get_id());
        PacketBatch end;
        end.endOfInput = true;
        in.toWorker.push(&end);
        thread.join();
    }

    // Every held session is found by its command and released by it: the output equals the
    // run without holds (no outstanding-timeout), for 1 and 2 packet threads.
    void answeredHoldsReleaseEveryRecord()
    {
        const std::string plain = replay(pcap_, 1, {});
        for (int threads : {1, 2}) {
            std::atomic<int> found{0};
            const std::string out = replay(pcap_, threads, [&found](int) {
                std::vector<std::unique_ptr<SessionObserver>> v;
                v.push_back(std::make_unique<AnsweringPlugin>(&found));
                return v;
            });
            QVERIFY2(out == plain, qPrintable(QString("threads=%1").arg(threads)));
            QCOMPARE(found.load(), 300);
        }
    }
};

QTEST_GUILESS_MAIN(TestSessionCommands)
#include "tst_session_commands.moc"
