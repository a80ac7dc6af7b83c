// StoredPacketReader: reads back the packets that session records point at (packetPos and
// its -fileId markers) from the pcap files luacap wrote in pcapDir, and writes them out as
// one pcap, in time order. Used by `luacap packets` and the live API (main thread).
#pragma once

#include <QFile>
#include <cstdint>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "pcapstore/pcap_file_index.h"

namespace luacap::engine {

class StoredPacketReader {
public:
    // Loads dir's file index; false with *error when there is none or it is unreadable.
    bool open(const std::string &dir, std::string *error);
    // Reads every packet a record (one sessions3 JSON object) points at. False with *error
    // naming the file and position when one cannot be read (deleted, missing, truncated).
    bool addRecord(const std::string &json, std::string *error);
    // The packets read so far as a pcap file, oldest first; false when their link types differ.
    bool toPcap(std::string &out, std::string *error) const;
    size_t packetCount() const { return packets_.size(); }

private:
    struct Packet {
        int64_t tsUsec = 0;
        uint32_t wireLen = 0;
        std::string bytes;
        uint32_t fileId = 0;
    };
    struct OpenFile {
        std::unique_ptr<QFile> file;
        int linkType = 0;
        uint32_t snapLen = 0;
    };

    bool readPacket(uint32_t fileId, uint64_t pos, std::string *error);
    OpenFile *fileFor(uint32_t fileId, std::string *error);

    PcapFileIndex index_;
    std::map<uint32_t, OpenFile> files_;
    std::set<std::pair<uint32_t, uint64_t>> seen_;   // a packet listed twice is written once
    std::vector<Packet> packets_;
};

} // namespace luacap::engine
