// ForwardingSink implementation (writer thread).
#include "forwarding_sink.h"

#include <algorithm>
#include <charconv>

namespace luacap::viewer {

bool ForwardingSink::write(const std::string &json)
{
    if (abandoned_.load(std::memory_order_relaxed))
        return true;   // nobody listens any more; the reader is stopping already
    pending_.append(QByteArray(json.data(), qsizetype(json.size())));
    furthest_ = std::max(furthest_, lastPacketPosition(json));
    ++written_;
    if (pending_.size() >= batchRecords_)
        flush();
    return true;
}

bool ForwardingSink::flush()
{
    if (!pending_.isEmpty() && !abandoned_.load(std::memory_order_relaxed))
        deliver_(std::move(pending_), furthest_);
    pending_ = {};
    return true;
}

// A text search, not a JSON parse: it runs on the writer thread for every record.
qint64 ForwardingSink::lastPacketPosition(const std::string &json)
{
    static const std::string key = "\"packetPos\":[";
    const size_t start = json.find(key);
    if (start == std::string::npos)
        return -1;
    const size_t end = json.find(']', start);
    if (end == std::string::npos)
        return -1;
    size_t from = json.rfind(',', end);
    from = (from == std::string::npos || from < start) ? start + key.size() : from + 1;
    qint64 value = -1;
    std::from_chars(json.data() + from, json.data() + end, value);
    return value;
}

} // namespace luacap::viewer
