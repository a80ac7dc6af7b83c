// Opens a file for libpcap: plain files as they are, gzip-compressed ones (as tshark reads them)
// through a stdio cookie that inflates on the fly. Used by the reader thread.
#pragma once

#include <cstdio>
#include <string>

namespace luacap::engine {

// Returns a FILE* to hand to pcap_fopen_offline (which takes ownership), or nullptr with error set.
// compressed is set when the file was gzip.
FILE *openMaybeGzip(const std::string &path, bool &compressed, std::string &error);

} // namespace luacap::engine
