// TappedSink: forward, then remember (writer thread).
#include "tapped_sink.h"

namespace luacap::api {

bool TappedSink::write(const std::string &json)
{
    const bool ok = inner_.write(json);
    QByteArray line = QByteArray::fromStdString(json);
    while (line.endsWith('\n'))
        line.chop(1);
    history_.append(line);
    if (notify_)
        notify_();
    return ok;
}

} // namespace luacap::api
