// pcapDir wiring of `luacap capture` (main thread).
#include "capture_pcap.h"

#include <QJsonDocument>
#include <cstdio>
#include <cstdlib>

#include "pcapstore/pcap_store.h"

namespace luacap::app {

bool openPcapStore(const engine::PcapStoreConfig &config, std::unique_ptr<engine::PcapStore> &store,
                   std::string *error)
{
    if (!config.enabled())
        return true;
    engine::PcapStoreConfig c = config;
    // Tests make the disk slow on purpose to fill the write queue (docs/pcap-storage.md).
    if (const char *delay = std::getenv("LUACAP_TEST_PCAP_WRITE_DELAY_MS"))
        c.writeDelayMs = uint32_t(std::strtoul(delay, nullptr, 10));
    store = std::make_unique<engine::PcapStore>(c);
    return store->open(error);
}

void startPcapStore(engine::PcapStore *store)
{
    if (store)
        store->start();
}

QJsonObject pcapStoreStats(const engine::PcapStore *store)
{
    if (!store)
        return {};
    const engine::PcapStoreCounters c = store->counters();
    return QJsonObject{{"dir", QString::fromStdString(store->config().dir)},
                       {"packets", qint64(c.packets)},
                       {"pcapWriteDrops", qint64(c.writeDrops)},
                       {"bytesWritten", qint64(c.bytesWritten)},
                       {"filesOpened", qint64(c.filesOpened)},
                       {"filesDeleted", qint64(c.filesDeleted)},
                       {"writeErrors", qint64(c.writeErrors)}};
}

bool finishPcapStore(engine::PcapStore *store, const std::string &statsFormat)
{
    if (!store)
        return true;
    store->wait();
    const engine::PcapStoreCounters c = store->counters();
    if (statsFormat == "json") {
        const QJsonObject line{{"pcap", pcapStoreStats(store)}};
        std::fprintf(stderr, "%s\n", QJsonDocument(line).toJson(QJsonDocument::Compact).constData());
    } else if (statsFormat == "text") {
        std::fprintf(stderr, "luacap capture: pcap: packets=%llu pcapWriteDrops=%llu bytes=%llu files=%llu deleted=%llu "
                     "writeErrors=%llu\n", (unsigned long long)c.packets, (unsigned long long)c.writeDrops,
                     (unsigned long long)c.bytesWritten, (unsigned long long)c.filesOpened,
                     (unsigned long long)c.filesDeleted, (unsigned long long)c.writeErrors);
    }
    if (c.writeErrors == 0)
        return true;
    std::fprintf(stderr, "luacap capture: pcap: %llu write errors, last: %s\n", (unsigned long long)c.writeErrors,
                 store->lastError().c_str());
    return false;
}

} // namespace luacap::app
