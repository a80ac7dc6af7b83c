// collectOutcome: what every pipeline reports once its threads ended (live capture's and
// replay's stats alike): each packet thread's stats and start-up error, the records written
// and the sink's failure. Main thread, after the writer finished.
#pragma once

#include <memory>
#include <vector>

#include "dispatch/packet_worker.h"
#include "dispatch/record_merger.h"
#include "records/record_sink.h"

namespace luacap::engine {

template <typename Stats>
void collectOutcome(Stats &s, const std::vector<std::unique_ptr<PacketWorker>> &workers, const RecordMerger &merger,
                    const RecordSink &sink)
{
    for (const auto &worker : workers) {
        s.workers.push_back(worker->stats());
        if (!worker->stats().startupError.empty())
            s.startupErrors.push_back(worker->stats().startupError);
    }
    s.recordsWritten = merger.written();
    s.sinkFailed = merger.failed();
    s.sinkError = sink.error();
}

} // namespace luacap::engine
