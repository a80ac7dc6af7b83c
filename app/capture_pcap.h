// The pcapDir wiring of `luacap capture` (main thread): opens the packet store after the
// privilege drop, starts and stops its disk thread around the pipeline, and reports its
// counters (final stats line and the live API's /stats "pcap" object).
#pragma once

#include <QJsonObject>
#include <memory>
#include <string>

namespace luacap::engine {
class PcapStore;
struct PcapStoreConfig;
} // namespace luacap::engine

namespace luacap::app {

// Null (and true) when pcapDir is not set; false with *error when the directory is unusable.
bool openPcapStore(const engine::PcapStoreConfig &config, std::unique_ptr<engine::PcapStore> &store,
                   std::string *error);
// Each accepts null (no pcapDir) and then does nothing.
void startPcapStore(engine::PcapStore *store);
// After the pipeline ended: waits for the last write, prints the counters (statsFormat text or
// json) and any write error; false when a write failed.
bool finishPcapStore(engine::PcapStore *store, const std::string &statsFormat);
QJsonObject pcapStoreStats(const engine::PcapStore *store);

} // namespace luacap::app
