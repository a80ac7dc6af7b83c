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
    // Starts body on a new thread named name (the name shows in top -H and /proc).
    void launch(const QString &name, std::function<void()> body)
    {
        std::unique_ptr<QThread> thread(QThread::create(std::move(body)));
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
    std::vector<std::unique_ptr<QThread>> threads_;
};

} // namespace luacap::engine
