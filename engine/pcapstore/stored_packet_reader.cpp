// StoredPacketReader implementation (main thread of `luacap packets` or of the daemon).
#include "pcapstore/stored_packet_reader.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <algorithm>

#include "pcapstore/pcap_format.h"

namespace luacap::engine {

namespace {
std::string fileText(uint32_t id, const std::string &path)
{
    return "packet file " + std::to_string(id) + " (" + path + ")";
}
} // namespace

bool StoredPacketReader::open(const std::string &dir, std::string *error)
{
    if (!QFile::exists(QString::fromStdString(dir + "/" + PcapFileIndex::kFileName))) {
        *error = dir + " holds no " + PcapFileIndex::kFileName + " (not a luacap pcapDir)";
        return false;
    }
    return index_.load(dir, error);
}

bool StoredPacketReader::addRecord(const std::string &json, std::string *error)
{
    const QJsonObject record = QJsonDocument::fromJson(QByteArray::fromStdString(json)).object();
    if (!record.contains("packetPos")) {
        *error = "the record has no packetPos (its packets were not stored: capture without pcapDir?)";
        return false;
    }
    uint32_t fileId = 0;
    for (const QJsonValue &v : record.value("packetPos").toArray()) {
        const int64_t pos = v.toInteger();
        if (pos < 0) {
            fileId = uint32_t(-pos);
            continue;
        }
        if (fileId == 0) {
            *error = "packetPos names no file: the record points into the files it was read from (-r without pcapDir)";
            return false;
        }
        if (seen_.emplace(fileId, uint64_t(pos)).second && !readPacket(fileId, uint64_t(pos), error))
            return false;
    }
    return true;
}

StoredPacketReader::OpenFile *StoredPacketReader::fileFor(uint32_t fileId, std::string *error)
{
    if (auto it = files_.find(fileId); it != files_.end())
        return &it->second;
    const PcapFileEntry *entry = index_.find(fileId);
    if (!entry) {
        *error = "packet file " + std::to_string(fileId) + " is not in " + index_.dir() + "/" + PcapFileIndex::kFileName;
        return nullptr;
    }
    const std::string path = index_.pathOf(*entry);
    if (entry->deleted) {
        *error = fileText(fileId, path) + " was deleted to keep freeSpaceG free";
        return nullptr;
    }
    OpenFile f{std::make_unique<QFile>(QString::fromStdString(path))};
    uint8_t header[PcapFormat::kFileHeaderBytes];
    if (!f.file->open(QIODevice::ReadOnly)) {
        *error = fileText(fileId, path) + " is missing or unreadable: " + f.file->errorString().toStdString();
        return nullptr;
    }
    if (f.file->read(reinterpret_cast<char *>(header), sizeof header) != qint64(sizeof header) ||
        !PcapFormat::readFileHeader(header, &f.snapLen, &f.linkType)) {
        *error = fileText(fileId, path) + " is not a pcap file luacap wrote (bad or truncated header)";
        return nullptr;
    }
    return &files_.emplace(fileId, std::move(f)).first->second;
}

bool StoredPacketReader::readPacket(uint32_t fileId, uint64_t pos, std::string *error)
{
    OpenFile *f = fileFor(fileId, error);
    if (!f)
        return false;
    const std::string where = fileText(fileId, f->file->fileName().toStdString());
    const uint64_t size = uint64_t(f->file->size());
    uint8_t header[PcapFormat::kRecordHeaderBytes];
    if (pos < PcapFormat::kFileHeaderBytes || !f->file->seek(qint64(pos)) ||
        f->file->read(reinterpret_cast<char *>(header), sizeof header) != qint64(sizeof header)) {
        *error = where + " is truncated: no packet header at byte " + std::to_string(pos) + " (the file has " +
                 std::to_string(size) + " bytes)";
        return false;
    }
    const PcapRecordHeader h = PcapFormat::readRecordHeader(header);
    if (h.capLen > f->snapLen || h.capLen > h.wireLen) {
        *error = where + ": no packet starts at byte " + std::to_string(pos) + " (bad record header)";
        return false;
    }
    Packet p{h.tsUsec, h.wireLen, std::string(h.capLen, '\0'), fileId};
    if (f->file->read(p.bytes.data(), h.capLen) != qint64(h.capLen)) {
        *error = where + " is truncated: the packet at byte " + std::to_string(pos) + " needs " +
                 std::to_string(pos + sizeof header + h.capLen) + " bytes, the file has " + std::to_string(size);
        return false;
    }
    packets_.push_back(std::move(p));
    return true;
}

bool StoredPacketReader::toPcap(std::string &out, std::string *error) const
{
    int linkType = -1;
    uint32_t snapLen = 0;
    for (const auto &[id, f] : files_) {
        if (linkType >= 0 && f.linkType != linkType) {
            *error = "the packets come from files of different link types (" + std::to_string(linkType) + " and " +
                     std::to_string(f.linkType) + "): one pcap cannot hold them";
            return false;
        }
        linkType = f.linkType;
        snapLen = std::max(snapLen, f.snapLen);
    }
    std::vector<const Packet *> order;
    for (const Packet &p : packets_)
        order.push_back(&p);
    std::stable_sort(order.begin(), order.end(), [](const Packet *a, const Packet *b) { return a->tsUsec < b->tsUsec; });
    out.assign(PcapFormat::kFileHeaderBytes, '\0');
    PcapFormat::putFileHeader(reinterpret_cast<uint8_t *>(out.data()), snapLen ? snapLen : PcapFormat::kMaxSnapLen,
                              linkType < 0 ? 1 : linkType);
    for (const Packet *p : order) {
        uint8_t header[PcapFormat::kRecordHeaderBytes];
        PcapFormat::putRecordHeader(header, p->tsUsec, uint32_t(p->bytes.size()), p->wireLen);
        out.append(reinterpret_cast<const char *>(header), sizeof header);
        out += p->bytes;
    }
    return true;
}

} // namespace luacap::engine
