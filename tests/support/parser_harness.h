// ParserHarness: one TCP session and a built-in parser registered into a private registry and
// classifier table, fed directly (no packets): the unit tests of the stream parsers share it.
#pragma once

#include <QCryptographicHash>
#include <QList>
#include <QStringList>
#include <algorithm>
#include <string>

#include "fields/field_registry.h"
#include "parsers/classifier_table.h"
#include "parsers/parser_config.h"
#include "plugin/http_observer.h"
#include "session/session.h"

namespace luacap::testing {

struct ParserHarness {
    using Register = bool (*)(const engine::ParserConfig &, engine::FieldRegistry &, engine::ClassifierTable &,
                              std::string *);
    engine::FieldRegistry registry;
    engine::ClassifierTable table;
    engine::HttpObserverList observers;   // what a packet thread's SessionTable owns
    engine::Session session;
    uint16_t serverPort;

    ParserHarness(Register add, const engine::ParserConfig &cfg, uint16_t port) : serverPort(port)
    {
        std::string error;
        if (!add(cfg, registry, table, &error))
            qFatal("register: %s", error.c_str());
        session.key.ipProtocol = 6;
        session.httpObservers = &observers;
    }

    // Classifies the first bytes of a direction whole (as BuiltinParsers does: TCP rarely sends
    // one byte first), then feeds them in steps of `chunk` bytes (0: at once). By index, as a
    // parser may add another (STARTTLS, CONNECT) while it runs.
    void feed(int dir, const QByteArray &bytes, int chunk = 0)
    {
        const auto *p = reinterpret_cast<const uint8_t *>(bytes.constData());
        if (!(session.classifiedDirections & (1 << dir))) {
            session.classifiedDirections |= uint8_t(1 << dir);
            table.classify(engine::ClassifyInput{session, dir, p, uint32_t(bytes.size()), 40000, serverPort, true});
        }
        const int step = chunk > 0 ? chunk : int(bytes.size());
        for (int off = 0; off < bytes.size(); off += step) {
            const uint32_t n = uint32_t(std::min(step, int(bytes.size()) - off));
            for (size_t i = 0; i < session.parsers.size(); ++i)
                if (session.parsers[i] &&
                    session.parsers[i]->onData(session, dir, p + off, n) == engine::SessionParser::Result::Done)
                    session.parsers[i].reset();
        }
    }
    void save()
    {
        for (auto &parser : session.parsers)
            if (parser)
                parser->onPreSave(session, true);
    }
    bool parserAlive() const
    {
        return std::any_of(session.parsers.begin(), session.parsers.end(), [](const auto &p) { return p != nullptr; });
    }
    QStringList strs(const char *expr) const
    {
        QStringList out;
        if (const auto *v = session.fields.strings(registry.idOf(expr)))
            for (std::string_view s : *v)
                out << QString::fromUtf8(s.data(), qsizetype(s.size()));
        return out;
    }
    QList<qint64> ints(const char *expr) const
    {
        QList<qint64> out;
        if (const auto *v = session.fields.ints(registry.idOf(expr)))
            for (int64_t i : *v)
                out << i;
        return out;
    }
    QStringList tags() const { return strs("tags"); }
};

inline QString md5(const QByteArray &b) { return QCryptographicHash::hash(b, QCryptographicHash::Md5).toHex(); }
inline QString sha256(const QByteArray &b) { return QCryptographicHash::hash(b, QCryptographicHash::Sha256).toHex(); }

} // namespace luacap::testing
