// PcapFileIndex: pcapDir/luacap-files.json, the list of pcap files luacap wrote there: id,
// file name, first/last packet time, link type, snaplen, size, and whether it is complete or
// was deleted. It survives restarts (fileIds stay unique) and serves every sink alike. Only
// the disk thread writes it (atomically, by rename); readers load their own copy.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace luacap::engine {

struct PcapFileEntry {
    uint32_t id = 0;
    std::string name;          // relative to pcapDir
    int64_t firstUsec = 0;     // first and last packet time
    int64_t lastUsec = 0;
    int linkType = 0;
    uint32_t snapLen = 0;
    uint64_t size = 0;         // bytes written (final once complete)
    bool complete = false;     // closed by the writer
    bool deleted = false;      // removed by the freeSpaceG limit
};

class PcapFileIndex {
public:
    static constexpr const char *kFileName = "luacap-files.json";

    // Reads dir's index; a missing index is an empty one. False with *error when unreadable.
    bool load(const std::string &dir, std::string *error);
    bool save(std::string *error) const;

    const std::string &dir() const { return dir_; }
    std::string pathOf(const PcapFileEntry &entry) const { return dir_ + "/" + entry.name; }
    const PcapFileEntry *find(uint32_t id) const;
    PcapFileEntry *find(uint32_t id);
    PcapFileEntry &add(PcapFileEntry entry);
    std::vector<PcapFileEntry> &entries() { return entries_; }
    // The highest id in the index or among luacap-*.pcap names in the directory.
    uint32_t highestId() const;

    // luacap-YYMMDD-NNNNNNNN.pcap, the date of the first packet (UTC), as Arkime names files.
    static std::string fileName(uint32_t id, int64_t firstUsec);

private:
    std::string dir_;
    std::vector<PcapFileEntry> entries_;
};

} // namespace luacap::engine
