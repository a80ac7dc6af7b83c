// Parser agreement with Arkime: replays every Arkime capture (with Arkime's test config) and
// compares, field by field, the protocol list and the http/dns/tls/cert/email/icmp fields
// luacap's parsers write with Arkime's expected output. Prints a per-field table; with
// LUACAP_WRITE_COMPAT=FILE it writes that table as markdown (docs/compat-parsers.md):
//   LUACAP_WRITE_COMPAT=docs/compat-parsers.md build/tests/tst_parser_compat
// Fails when overall agreement drops below the floor recorded here, so it cannot regress.
#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>

#include <map>

#include "support/arkime_expected.h"
#include "support/run_luacap.h"

using namespace luacap::test;

namespace {
const QString kArkimeDir = QStringLiteral(LUACAP_SHARED_DIR "/pcaps/arkime");
const QStringList kGroups = {"http", "dns", "tls", "cert", "email", "icmp"};
// From databases luacap does not ship (GeoLite, RIR, OUI): left out of the comparison.
const QStringList kExcludedKeys = {"ASN", "GEO", "RIR", "asn", "geo", "rir", "as", "country", "Oui", "oui"};
// Overall agreement must stay at or above this (raise it as parsers improve).
constexpr double kAgreementFloor = 0.96;

struct Tally {
    int expected = 0;   // Arkime sessions with the field
    int agree = 0;      // ... where luacap's value is the same (arrays compared as sets)
    int extra = 0;      // luacap sessions with the field where Arkime has none
};

bool excluded(const QString &key)
{
    for (const QString &x : kExcludedKeys) {
        if (key.contains(x))
            return true;
    }
    return false;
}

QJsonValue stripped(const QJsonValue &v)
{
    if (v.isObject()) {
        QJsonObject o;
        const QJsonObject in = v.toObject();
        for (auto it = in.begin(); it != in.end(); ++it) {
            if (!excluded(it.key()))
                o.insert(it.key(), stripped(it.value()));
        }
        return o;
    }
    if (v.isArray()) {
        QJsonArray a;
        for (const QJsonValue &x : v.toArray())
            a.append(stripped(x));
        return a;
    }
    return v;
}

// Comparable text: arrays as sorted sets of their elements' texts.
QString setText(const QJsonValue &v)
{
    if (!v.isArray())
        return text(v);
    QStringList items;
    for (const QJsonValue &x : v.toArray())
        items << text(x);
    items.sort();
    return items.join("\x1f");
}

// Leaf fields of the compared groups: "http.uri", "dns" (an array of objects is one field).
std::map<QString, QJsonValue> leaves(const QJsonObject &body)
{
    std::map<QString, QJsonValue> out;
    if (body.contains("protocol"))
        out["protocol"] = body.value("protocol");
    for (const QString &g : kGroups) {
        const QJsonValue v = body.value(g);
        if (v.isObject()) {
            const QJsonObject o = v.toObject();
            for (auto it = o.begin(); it != o.end(); ++it) {
                if (!excluded(it.key()))
                    out[g + "." + it.key()] = stripped(it.value());
            }
        } else if (!v.isUndefined()) {
            out[g] = stripped(v);
        }
        if (body.contains(g + "Cnt"))
            out[g + "Cnt"] = body.value(g + "Cnt");
    }
    return out;
}

void compare(const QJsonObject &ours, const QJsonObject &theirs, std::map<QString, Tally> &tallies)
{
    const auto a = leaves(ours), b = leaves(theirs);
    for (const auto &[field, value] : b) {
        Tally &t = tallies[field];
        ++t.expected;
        const auto it = a.find(field);
        t.agree += it != a.end() && setText(it->second) == setText(value);
    }
    for (const auto &[field, value] : a) {
        if (!b.count(field))
            ++tallies[field].extra;
    }
}

QString markdown(const std::map<QString, Tally> &tallies, int agree, int expected)
{
    QString md = "| field | Arkime sessions with it | luacap agrees | agreement | luacap only |\n|---|---:|---:|---:|---:|\n";
    for (const auto &[field, t] : tallies) {
        const double pct = t.expected ? 100.0 * t.agree / t.expected : 0;
        md += QString("| `%1` | %2 | %3 | %4% | %5 |\n").arg(field).arg(t.expected).arg(t.agree)
                  .arg(t.expected ? QString::number(pct, 'f', 1) : "-").arg(t.extra);
    }
    md += QString("| **all** | %1 | %2 | %3% | |\n").arg(expected).arg(agree)
              .arg(QString::number(expected ? 100.0 * agree / expected : 0, 'f', 1));
    return md;
}
} // namespace

class TestParserCompat : public QObject {
    Q_OBJECT
private slots:
    void parserFieldsAgreeWithArkime()
    {
        if (!QDir(kArkimeDir).exists())
            QSKIP("../shared/pcaps/arkime is absent: parser comparison skipped");
        std::map<QString, Tally> tallies;
        for (const QString &pcap : QDir(kArkimeDir).entryList({"*.pcap"}, QDir::Files, QDir::Name)) {
            const RunResult r = runLuacap({"replay", "--threads", "2", "--stats", "none", "--config",
                                           kArkimeDir + "/config/config.test.ini", kArkimeDir + "/" + pcap});
            QVERIFY2(r.exitCode == 0 && !r.crashed, qPrintable(pcap + ": " + r.err));
            QMultiMap<QString, QJsonObject> ours = byPairKey(parseRecords(r.out));
            for (const QJsonObject &t : expectedBodies(kArkimeDir + "/" + pcap.chopped(5) + ".test")) {
                const QString k = pairKey(t);
                if (ours.contains(k))
                    compare(ours.take(k), t, tallies);
            }
        }
        int agree = 0, expected = 0;
        for (const auto &[field, t] : tallies) {
            agree += t.agree;
            expected += t.expected;
        }
        const QString md = markdown(tallies, agree, expected);
        qInfo("%s", qPrintable(md));
        if (const QByteArray out = qgetenv("LUACAP_WRITE_COMPAT"); !out.isEmpty()) {
            QFile f(QString::fromLocal8Bit(out));
            QVERIFY(f.open(QIODevice::WriteOnly));
            f.write("<!-- generated by: LUACAP_WRITE_COMPAT=docs/compat-parsers.md build/tests/tst_parser_compat -->\n");
            f.write(md.toUtf8());
        }
        QVERIFY(expected > 0);
        QVERIFY2(double(agree) / expected >= kAgreementFloor,
                 qPrintable(QString("agreement %1 of %2 is below the floor").arg(agree).arg(expected)));
    }
};

QTEST_GUILESS_MAIN(TestParserCompat)
#include "tst_parser_compat.moc"
