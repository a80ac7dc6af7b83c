// ForwardingSink: the offline replay's record sink. Runs on the pipeline's writer thread and
// hands records to the GUI thread in batches (one queued call per batch, never per record);
// once the viewer abandoned the run it drops what still comes. Writer thread, then the replay
// thread (drain).
#pragma once

#include <QByteArray>
#include <QList>
#include <atomic>
#include <functional>

#include "records/record_sink.h"

namespace luacap::viewer {

class ForwardingSink final : public engine::RecordSink {
public:
    // records, and the furthest file offset their packets reach (progress through the file).
    using Deliver = std::function<void(QList<QByteArray>, qint64)>;

    ForwardingSink(Deliver deliver, const std::atomic<bool> &abandoned, qsizetype batchRecords = 500)
        : deliver_(std::move(deliver)), abandoned_(abandoned), batchRecords_(batchRecords) {}

    bool write(const std::string &json) override;
    bool flush() override;
    std::string error() const override { return {}; }
    quint64 written() const { return written_; }

    // The last number of the record's "packetPos" list (a file offset), or -1.
    static qint64 lastPacketPosition(const std::string &json);

private:
    Deliver deliver_;
    const std::atomic<bool> &abandoned_;
    qsizetype batchRecords_;
    QList<QByteArray> pending_;
    quint64 written_ = 0;
    qint64 furthest_ = 0;
};

} // namespace luacap::viewer
