// ThreadGroup: the QThreads of one pipeline (reader(s), packet threads, writer), started by
// name and joined together. Owned and driven by the pipeline on the main thread.
#pragma once

#include <QString>
#include <QThread>
#include <functional>
#include <memory>
#include <vector>

namespace luacap::engine {

class ThreadGroup {
public:
    // Run first on every thread a group starts, when set (before any group starts): the
    // executable places its threads in its allocator's arenas (app/allocator_config.cpp).
    using StartHook = void (*)();
    static void setStartHook(StartHook hook) { startHook() = hook; }

    // Starts body on a new thread named name (the name shows in top -H and /proc).
    void launch(const QString &name, std::function<void()> body)
    {
        std::unique_ptr<QThread> thread(QThread::create([hook = startHook(), body = std::move(body)] {
            if (hook)
                hook();
            body();
        }));
        thread->setObjectName(name);
        thread->start();
        threads_.push_back(std::move(thread));
    }

    // Blocks until every thread launched so far returned.
    void wait()
    {
        for (auto &thread : threads_)
            thread->wait();
    }

private:
    static StartHook &startHook()
    {
        static StartHook hook = nullptr;
        return hook;
    }

    std::vector<std::unique_ptr<QThread>> threads_;
};

} // namespace luacap::engine
