// `luacap packets`: writes the packets of stored sessions (by community id or by a `luacap
// query` filter) back out as one pcap, from the files `luacap capture` wrote to pcapDir.
#pragma once

class QCoreApplication;

namespace luacap::app {

int runPackets(QCoreApplication &app);

} // namespace luacap::app
