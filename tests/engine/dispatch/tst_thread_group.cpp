// ThreadGroup: names its threads, runs the executable's start hook on each new thread before
// the body (app/allocator_config.cpp places threads in allocator arenas with it), joins them.
#include <QTest>
#include <QThread>

#include <atomic>
#include <mutex>
#include <vector>

#include "dispatch/thread_group.h"

using luacap::engine::ThreadGroup;

namespace {
std::mutex seenLock;
std::vector<std::pair<QThread *, char>> seen;   // (thread, 'h' hook | 'b' body), in order

void note(char what)
{
    const std::lock_guard<std::mutex> hold(seenLock);
    seen.emplace_back(QThread::currentThread(), what);
}

void hook()
{
    note('h');
}
} // namespace

class TestThreadGroup : public QObject {
    Q_OBJECT

private slots:
    void cleanup()
    {
        ThreadGroup::setStartHook(nullptr);
        seen.clear();
    }

    void hookRunsFirstOnEachThread()
    {
        ThreadGroup::setStartHook(&hook);
        ThreadGroup group;
        std::atomic<int> named{0};
        for (int i = 0; i < 3; ++i) {
            group.launch(QString("luacap-test%1").arg(i), [&named, i] {
                if (QThread::currentThread()->objectName() == QString("luacap-test%1").arg(i))
                    ++named;
                note('b');
            });
        }
        group.wait();
        QCOMPARE(named.load(), 3);
        QCOMPARE(seen.size(), size_t(6));
        for (const auto &[thread, what] : seen) {
            QVERIFY(thread != QThread::currentThread());
            if (what == 'b') {   // the same thread noted its hook before
                bool hooked = false;
                for (const auto &[earlier, e] : seen) {
                    if (earlier == thread && e == 'h')
                        hooked = true;
                    if (earlier == thread && e == 'b')
                        break;
                }
                QVERIFY(hooked);
            }
        }
    }

    void noHookByDefault()
    {
        ThreadGroup group;
        group.launch("luacap-test", [] { note('b'); });
        group.wait();
        QCOMPARE(seen.size(), size_t(1));
        QCOMPARE(seen[0].second, 'b');
    }
};

QTEST_GUILESS_MAIN(TestThreadGroup)
#include "tst_thread_group.moc"
