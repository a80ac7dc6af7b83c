// PcapFileIndex implementation (disk thread writes; `luacap packets` and the live API read).
#include "pcapstore/pcap_file_index.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QSaveFile>
#include <algorithm>
#include <cstdio>
#include <ctime>
#include <utility>

namespace luacap::engine {

namespace {
QJsonObject toJson(const PcapFileEntry &e)
{
    return QJsonObject{{"id", qint64(e.id)},          {"file", QString::fromStdString(e.name)},
                       {"firstPacketUsec", qint64(e.firstUsec)}, {"lastPacketUsec", qint64(e.lastUsec)},
                       {"linkType", e.linkType},      {"snapLen", qint64(e.snapLen)},
                       {"size", qint64(e.size)},       {"complete", e.complete},
                       {"deleted", e.deleted}};
}

PcapFileEntry fromJson(const QJsonObject &o)
{
    PcapFileEntry e;
    e.id = uint32_t(o.value("id").toInteger());
    e.name = o.value("file").toString().toStdString();
    e.firstUsec = o.value("firstPacketUsec").toInteger();
    e.lastUsec = o.value("lastPacketUsec").toInteger();
    e.linkType = o.value("linkType").toInt();
    e.snapLen = uint32_t(o.value("snapLen").toInteger());
    e.size = uint64_t(o.value("size").toInteger());
    e.complete = o.value("complete").toBool();
    e.deleted = o.value("deleted").toBool();
    return e;
}
} // namespace

bool PcapFileIndex::load(const std::string &dir, std::string *error)
{
    dir_ = dir;
    entries_.clear();
    QFile file(QString::fromStdString(dir + "/" + kFileName));
    if (!file.exists())
        return true;
    if (!file.open(QIODevice::ReadOnly)) {
        *error = file.fileName().toStdString() + ": " + file.errorString().toStdString();
        return false;
    }
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(file.readAll(), &parseError);
    if (!doc.isObject()) {
        *error = file.fileName().toStdString() + ": not a luacap file index (" + parseError.errorString().toStdString() + ")";
        return false;
    }
    for (const QJsonValue &v : doc.object().value("files").toArray())
        entries_.push_back(fromJson(v.toObject()));
    return true;
}

bool PcapFileIndex::save(std::string *error) const
{
    QJsonArray files;
    for (const PcapFileEntry &e : entries_)
        files.append(toJson(e));
    QSaveFile file(QString::fromStdString(dir_ + "/" + kFileName));
    const QByteArray text = QJsonDocument(QJsonObject{{"version", 1}, {"files", files}}).toJson(QJsonDocument::Indented);
    if (!file.open(QIODevice::WriteOnly) || file.write(text) != text.size() || !file.commit()) {
        *error = file.fileName().toStdString() + ": " + file.errorString().toStdString();
        return false;
    }
    return true;
}

const PcapFileEntry *PcapFileIndex::find(uint32_t id) const
{
    for (const PcapFileEntry &e : entries_) {
        if (e.id == id)
            return &e;
    }
    return nullptr;
}

PcapFileEntry *PcapFileIndex::find(uint32_t id)
{
    return const_cast<PcapFileEntry *>(std::as_const(*this).find(id));
}

PcapFileEntry &PcapFileIndex::add(PcapFileEntry entry)
{
    entries_.push_back(std::move(entry));
    return entries_.back();
}

uint32_t PcapFileIndex::highestId() const
{
    uint32_t highest = 0;
    for (const PcapFileEntry &e : entries_)
        highest = std::max(highest, e.id);
    static const QRegularExpression name("^luacap-\\d{6}-(\\d{8})\\.pcap$");
    for (const QString &f : QDir(QString::fromStdString(dir_)).entryList({"luacap-*.pcap"}, QDir::Files)) {
        const QRegularExpressionMatch m = name.match(f);
        if (m.hasMatch())
            highest = std::max(highest, m.captured(1).toUInt());
    }
    return highest;
}

std::string PcapFileIndex::fileName(uint32_t id, int64_t firstUsec)
{
    const time_t seconds = time_t(firstUsec / 1'000'000);
    tm utc{};
    gmtime_r(&seconds, &utc);
    char name[64];
    std::snprintf(name, sizeof name, "luacap-%02d%02d%02d-%08u.pcap", utc.tm_year % 100, utc.tm_mon + 1, utc.tm_mday, id);
    return name;
}

} // namespace luacap::engine
