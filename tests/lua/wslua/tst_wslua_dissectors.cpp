// Wireshark-style Lua dissectors under luacap and under tshark on the same generated
// captures: the packet trees (`luacap replay --tree` vs `tshark -O`) must match frame by
// frame, fields must reach the session records, misuse must raise Wireshark's texts, and the
// conversation store must behave as the reference describes. Skips the tshark comparisons
// with a message when tshark is not installed.
#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QRegularExpression>
#include <QSet>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QtTest>
#include <map>
#include <set>

#include "fields/field_registry.h"
#include "host/lua_host.h"
#include "support/run_luacap.h"

using namespace luacap::test;

namespace {
const QString kScripts = QStringLiteral(LUACAP_SOURCE_DIR "/tests/lua/wslua");
using Trees = std::map<int, QStringList>;   // frame -> tree lines

// luacap --tree: "Frame N" lines, each followed by its tree and an empty line.
Trees parseLuacapTrees(const QByteArray &text)
{
    Trees trees;
    int frame = 0;
    for (const QByteArray &raw : text.split('\n')) {
        const QString line = QString::fromUtf8(raw);
        if (line.startsWith("Frame "))
            frame = line.mid(6).toInt();
        else if (!line.isEmpty() && frame)
            trees[frame] << line;
    }
    return trees;
}

// tshark -O: keeps, per frame, the top-level items named in `protos` (and what is indented
// under them); the summary lines of the other protocols and TCP's reassembly notes go.
Trees parseTsharkTrees(const QByteArray &text, const QStringList &protos)
{
    Trees trees;
    int frame = 0;
    bool keep = false;
    static const QRegularExpression frameLine(QStringLiteral("^Frame (\\d+): "));
    for (const QByteArray &raw : text.split('\n')) {
        const QString line = QString::fromUtf8(raw);
        const auto m = frameLine.match(line);
        if (m.hasMatch()) {
            frame = m.captured(1).toInt();
            keep = false;
        } else if (!line.isEmpty() && !line.startsWith(' ')) {
            keep = protos.contains(line);
            if (keep)
                trees[frame] << line;
        } else if (keep && !line.isEmpty()) {
            trees[frame] << line;
        }
    }
    return trees;
}

QString pcapgen(const QTemporaryDir &dir, const QString &name, const QStringList &args)
{
    const QString path = dir.filePath(name + ".pcap");
    const RunResult r = runPcapgen(QStringList{"-o", path} + args);
    if (r.exitCode != 0)
        qWarning("pcapgen failed: %s", r.err.constData());
    return path;
}

RunResult luacapTree(const QString &pcap, const QString &script, const QString &records, int threads,
                     const QStringList &extra = {})
{
    return runLuacap(QStringList{"replay", "--tree", "--stats", "none", "-t", QString::number(threads), "-o",
                                 records, "--lua", script} + extra + QStringList{pcap});
}

QString tshark() { return QStandardPaths::findExecutable("tshark"); }

QString describe(const Trees &trees, int frame)
{
    const auto it = trees.find(frame);
    return it == trees.end() ? QStringLiteral("(nothing)") : it->second.join('\n');
}
} // namespace

class TestWsluaDissectors : public QObject {
    Q_OBJECT

private slots:
    void treesMatchTshark_data();
    void treesMatchTshark();
    void fieldsReachRecords();
    void conversationStore();
    void twoPassMatchesTshark();
    void builtinDissectorCall();
    void preferences();
    void loadErrors_data();
    void loadErrors();
    void everyFunctionIsDocumented();
};

void TestWsluaDissectors::treesMatchTshark_data()
{
    QTest::addColumn<QString>("script");
    QTest::addColumn<QStringList>("generate");
    QTest::addColumn<QStringList>("protos");   // top-level tree labels the script makes
    QTest::newRow("fixed header") << "demo_fixed.lua" << QStringList{"--mix", "demo-fixed=1", "--flows", "20"}
                                  << QStringList{"Demo Fixed Header"};
    QTest::newRow("tlv") << "demo_tlv.lua" << QStringList{"--mix", "demo-tlv=1", "--flows", "30"}
                         << QStringList{"Demo TLV"};
    QTest::newRow("pdus over tcp") << "demo_pdu.lua"
                                   << QStringList{"--mix", "demo-pdu=1", "--flows", "12", "--ooo", "0",
                                                  "--retrans", "0"}
                                   << QStringList{"Demo PDU"};
    QTest::newRow("dissect_tcp_pdus") << "demo_tcp_pdus.lua"
                                      << QStringList{"--mix", "demo-pdu=1", "--flows", "12", "--ooo", "0",
                                                     "--retrans", "0"}
                                      << QStringList{"Demo PDU via dissect_tcp_pdus"};
    QTest::newRow("heuristic") << "demo_heur.lua" << QStringList{"--mix", "demo-heur=1,demo-fixed=1", "--flows", "20"}
                               << QStringList{"Demo Heuristic"};
    QTest::newRow("request response") << "demo_rr.lua" << QStringList{"--mix", "demo-rr=1", "--flows", "20"}
                                      << QStringList{"Demo Request Response"};
    QTest::newRow("post-dissector") << "demo_post.lua"
                                    << QStringList{"--mix", "demo-pdu=1,demo-tlv=1", "--flows", "10", "--ooo", "0",
                                                   "--retrans", "0"}
                                    << QStringList{"Demo Post-dissector"};
    QTest::newRow("field extractors and NSTime")
        << "demo_fields.lua" << QStringList{"--mix", "demo-fixed=1", "--flows", "6"} << QStringList{"Demo Field Extractors"};
    QTest::newRow("misuse") << "misuse.lua" << QStringList{"--mix", "demo-fixed=1", "--flows", "3"}
                            << QStringList{"Misuse"};
}

// The same script, the same capture: luacap's tree equals tshark's for every frame, with 1
// and 2 packet threads.
void TestWsluaDissectors::treesMatchTshark()
{
    QFETCH(QString, script);
    QFETCH(QStringList, generate);
    QFETCH(QStringList, protos);
    if (tshark().isEmpty())
        QSKIP("tshark is not installed (scripts/install-deps.sh installs it)");
    QTemporaryDir dir;
    const QString pcap = pcapgen(dir, "in", generate + QStringList{"--seed", "7", "--vlan", "0"});
    const QString path = kScripts + "/" + script;
    const RunResult ts = runProgram(tshark(), {"-n", "-r", pcap, "-X", "lua_script:" + path, "-O",
                                               QFileInfo(script).baseName().remove('_')});
    QCOMPARE(ts.exitCode, 0);
    // tshark -O takes filter names; the scripts' protos are demofixed, demotlv, ... and misuse.
    const Trees expected = parseTsharkTrees(ts.out, protos);
    QVERIFY2(!expected.empty(), ts.err.constData());
    QByteArray first;
    for (int threads : {1, 2}) {
        const RunResult r = luacapTree(pcap, path, dir.filePath("records.json"), threads);
        QCOMPARE(r.exitCode, 0);
        QVERIFY2(!r.err.contains("luacap: function"), r.err.constData());
        const Trees got = parseLuacapTrees(r.out);
        std::set<int> frames;
        for (const auto &[frame, lines] : expected)
            frames.insert(frame);
        for (const auto &[frame, lines] : got)
            frames.insert(frame);
        for (int frame : frames)
            QVERIFY2(describe(got, frame) == describe(expected, frame),
                     qPrintable(QString("frame %1 (%2 threads)\nluacap:\n%3\ntshark:\n%4")
                                    .arg(frame).arg(threads).arg(describe(got, frame), describe(expected, frame))));
        if (threads == 1)
            first = r.out;
        else
            QCOMPARE(r.out, first);
    }
}

// Values added through ProtoFields become session fields named by their abbreviation; the
// protocol column adds to `protocol`; expert infos are counted.
void TestWsluaDissectors::fieldsReachRecords()
{
    QTemporaryDir dir;
    const QString pcap = pcapgen(dir, "tlv", {"--mix", "demo-tlv=1", "--flows", "30", "--seed", "7"});
    const QString records = dir.filePath("r.json");
    const RunResult r = luacapTree(pcap, kScripts + "/demo_tlv.lua", records, 2);
    QCOMPARE(r.exitCode, 0);
    QFile f(records);
    QVERIFY(f.open(QIODevice::ReadOnly));
    const QList<QJsonObject> recs = parseRecords(f.readAll());
    QCOMPARE(recs.size(), 30);
    int withNames = 0, withExperts = 0;
    for (const QJsonObject &rec : recs) {
        QVERIFY(rec.value("protocol").toArray().contains("demotlv"));
        QVERIFY(valueAt(rec, "demotlv.count").isArray());
        withNames += valueAt(rec, "demotlv.name").isArray();
        withExperts += valueAt(rec, "wslua.expertCount").isArray();
    }
    QVERIFY(withNames > 0);
    QCOMPARE(withExperts, 0);   // pcapgen's TLV types are all known
    // Names per client port agree with tshark's field extraction.
    if (tshark().isEmpty())
        QSKIP("tshark is not installed: the per-session comparison is skipped");
    const RunResult ts = runProgram(tshark(), {"-n", "-r", pcap, "-X", "lua_script:" + kScripts + "/demo_tlv.lua",
                                               "-T", "fields", "-E", "occurrence=a", "-E", "aggregator=|", "-e",
                                               "udp.srcport", "-e", "udp.dstport", "-e", "demotlv.name"});
    std::map<int, QSet<QString>> expected;
    for (const QByteArray &line : ts.out.split('\n')) {
        const QList<QByteArray> cols = line.split('\t');
        if (cols.size() < 3 || cols[2].isEmpty())
            continue;
        const int client = cols[0].toInt() == 7002 ? cols[1].toInt() : cols[0].toInt();
        for (const QByteArray &name : cols[2].split('|'))
            expected[client].insert(QString::fromUtf8(name));
    }
    for (const QJsonObject &rec : recs) {
        QSet<QString> got;
        for (const QJsonValue &v : valueAt(rec, "demotlv.name").toArray())
            got.insert(v.toString());
        QCOMPARE(got, expected[valueAt(rec, "source.port").toInt()]);
    }
}

// The reference's example: conversation data across a session's packets, packet data per
// frame, session:table() (key "arkime") on the same store, and nothing shared across sessions.
void TestWsluaDissectors::conversationStore()
{
    QTemporaryDir dir;
    const QString pcap = pcapgen(dir, "rr", {"--mix", "demo-rr=1", "--flows", "10", "--seed", "3"});
    const RunResult r = luacapTree(pcap, kScripts + "/reference_example.lua", dir.filePath("r.json"), 2);
    QCOMPARE(r.exitCode, 0);
    QVERIFY2(!r.err.contains("luacap: function"), r.err.constData());
    QFile f(dir.filePath("r.json"));
    QVERIFY(f.open(QIODevice::ReadOnly));
    const QList<QJsonObject> recs = parseRecords(f.readAll());
    QCOMPARE(recs.size(), 10);
    for (const QJsonObject &rec : recs) {
        const int packets = valueAt(rec, "network.packets").toInt();
        QJsonArray seen = valueAt(rec, "refex.seen").toArray();
        QCOMPARE(seen.size(), packets);                              // 1, 2, ... one per packet
        QCOMPARE(seen.last().toInt(), packets);
        QCOMPARE(valueAt(rec, "refex.first").toArray().size(), 1);    // the first frame, once
        QCOMPARE(valueAt(rec, "refex.pdata").toArray().size(), packets / 2);   // one per response
        QCOMPARE(valueAt(rec, "refex.saved").toArray(), QJsonArray{"set by a dissector"});
    }
    // Packet data is read back in the frame it was set for: each response shows its own count.
    const Trees trees = parseLuacapTrees(r.out);
    int withData = 0;
    for (const auto &[frame, lines] : trees) {
        const int seen = lines.filter(QRegularExpression("Packets seen")).value(0).section(": ", 1).toInt();
        const QString pdata = lines.filter(QRegularExpression("Packet data")).value(0);
        if (!pdata.isEmpty()) {
            QCOMPARE(pdata.section("blah", 1).toInt(), seen);
            ++withData;
        }
    }
    QVERIFY(withData > 0);
}

// --two-pass as tshark -2: pass one links each request to its response through shared packet
// data, so pass two shows "Response in" in requests; trees equal tshark -2's, records are the
// same for 1 and 2 packet threads, and one pass alone shows no "Response in".
void TestWsluaDissectors::twoPassMatchesTshark()
{
    QTemporaryDir dir;
    const QString pcap = pcapgen(dir, "rr", {"--mix", "demo-rr=1", "--flows", "20", "--seed", "7", "--vlan", "0"});
    const QString script = kScripts + "/demo_rr2.lua";
    QByteArray records[2], trees[2];
    for (int threads : {1, 2}) {
        const QString out = dir.filePath(QString("r%1.json").arg(threads));
        const RunResult r = luacapTree(pcap, script, out, threads, {"--two-pass"});
        QCOMPARE(r.exitCode, 0);
        QVERIFY2(r.err.isEmpty(), r.err.constData());
        QFile f(out);
        QVERIFY(f.open(QIODevice::ReadOnly));
        records[threads - 1] = f.readAll();
        trees[threads - 1] = r.out;
    }
    QCOMPARE(records[1], records[0]);
    QCOMPARE(trees[1], trees[0]);
    QVERIFY(trees[0].contains("[Response in: "));
    QVERIFY(!trees[0].contains("[Visited: False]"));
    const QList<QJsonObject> recs = parseRecords(records[0]);
    QCOMPARE(recs.size(), 20);
    int answered = 0;
    for (const QJsonObject &rec : recs)
        answered += valueAt(rec, "demorr2.response_in").isArray();
    QVERIFY(answered > 0);
    // Arkime-API scripts alone: pass two takes their states over too (no wslua observer).
    const RunResult arkime = runLuacap({"replay", "--two-pass", "--stats", "none", "-t", "2", "-o",
                                        dir.filePath("a.json"), "--lua",
                                        QStringLiteral(LUACAP_SOURCE_DIR "/bench/lua/count_bytes.lua"), pcap});
    QCOMPARE(arkime.exitCode, 0);
    QVERIFY2(arkime.err.isEmpty(), arkime.err.constData());
    const RunResult once = luacapTree(pcap, script, dir.filePath("once.json"), 1);
    QVERIFY(!once.out.contains("[Response in: "));
    QVERIFY(once.out.contains("[Visited: False]"));
    if (tshark().isEmpty())
        QSKIP("tshark is not installed: the comparison with tshark -2 is skipped");
    const RunResult ts = runProgram(tshark(), {"-2", "-n", "-r", pcap, "-X", "lua_script:" + script, "-O", "demorr2"});
    QCOMPARE(ts.exitCode, 0);
    const Trees expected = parseTsharkTrees(ts.out, {"Demo Request Response Two-Pass"});
    const Trees got = parseLuacapTrees(trees[0]);
    QCOMPARE(got.size(), expected.size());
    for (const auto &[frame, lines] : expected)
        QVERIFY2(describe(got, frame) == lines.join('\n'),
                 qPrintable(QString("frame %1\nluacap:\n%2\ntshark:\n%3").arg(frame).arg(describe(got, frame),
                                                                                   lines.join('\n'))));
}

// Dissector.get("dns"):call hands Lua-built bytes to the built-in DNS parser: its objects
// reach the record and the protocol it adds is visible to Field.new("protocol") at once.
// Without built-in parsers the call raises a clear error.
void TestWsluaDissectors::builtinDissectorCall()
{
    QTemporaryDir dir;
    const QString pcap = pcapgen(dir, "fx", {"--mix", "demo-fixed=1", "--flows", "4", "--seed", "7"});
    const QString script = kScripts + "/builtin_call.lua";
    const RunResult r = luacapTree(pcap, script, dir.filePath("r.json"), 2);
    QCOMPARE(r.exitCode, 0);
    QVERIFY2(r.err.isEmpty(), r.err.constData());
    QVERIFY2(r.out.contains("    Taken: 29\n    Seen: udp\n    Seen: dns\n"), r.out.constData());
    QFile f(dir.filePath("r.json"));
    QVERIFY(f.open(QIODevice::ReadOnly));
    const QList<QJsonObject> recs = parseRecords(f.readAll());
    QCOMPARE(recs.size(), 4);
    for (const QJsonObject &rec : recs) {
        QVERIFY(rec.value("protocol").toArray().contains("dns"));
        QCOMPARE(rec.value("dns").toArray().at(0).toObject().value("host").toArray(), QJsonArray{"example.com"});
    }
    const RunResult off = luacapTree(pcap, script, dir.filePath("off.json"), 1, {"--no-parsers"});
    QVERIFY2(off.err.contains("Dissector:call: 'dns' is a built-in parser and they are off (--no-parsers)"),
             off.err.constData());
}

// -o PROTO.NAME:VALUE (and --pref) set Pref values before init runs; unknown names stop the run.
void TestWsluaDissectors::preferences()
{
    QTemporaryDir dir;
    const QString pcap = pcapgen(dir, "tlv", {"--mix", "demo-tlv=1", "--flows", "5", "--seed", "7"});
    const QString script = kScripts + "/demo_tlv.lua";
    RunResult r = luacapTree(pcap, script, dir.filePath("a.json"), 1);
    QVERIFY(r.out.contains("Demo TLV"));
    r = luacapTree(pcap, script, dir.filePath("b.json"), 1, {"-o", "demotlv.ports:7100-7200"});
    QCOMPARE(r.exitCode, 0);
    QVERIFY2(!r.out.contains("Demo TLV"), r.out.constData());
    r = luacapTree(pcap, script, dir.filePath("c.json"), 1, {"--pref", "demotlv.ports:1,7002"});
    QVERIFY(r.out.contains("Demo TLV"));
    r = luacapTree(pcap, script, dir.filePath("d.json"), 1, {"--pref", "demotlv.nope:1"});
    QCOMPARE(r.exitCode, 2);
    QVERIFY2(r.err.contains("unknown preference 'demotlv.nope'"), r.err.constData());
}

void TestWsluaDissectors::loadErrors_data()
{
    QTest::addColumn<QByteArray>("script");
    QTest::addColumn<QString>("message");
    QTest::newRow("lua 5.3 operator") << QByteArray("local x = 1 & 2\n") << "looks like Lua 5.3 syntax";
    QTest::newRow("lua 5.3 floor division") << QByteArray("local x = 7 // 2\n") << "looks like Lua 5.3 syntax";
    QTest::newRow("duplicate proto") << QByteArray("Proto('a', 'A')\nProto('a', 'B')\n")
                                     << "Proto new: there cannot be two protocols with the same name";
    QTest::newRow("unknown table") << QByteArray("DissectorTable.get('sctp.port')\n")
                                   << "no dissector table 'sctp.port'";
    QTest::newRow("bad port range") << QByteArray("DissectorTable.get('udp.port'):add('80-', Proto('x', 'X'))\n")
                                    << "a port or a range string";
    QTest::newRow("field type clash") << QByteArray("ProtoField.uint8('x.a')\nProtoField.string('x.a')\n")
                                      << "ProtoField 'x.a' is already registered with another type";
    QTest::newRow("conversation outside a dissector")
        << QByteArray("local p = Proto('x', 'X')\nconversation.get_conv_data(p, nil)\n") << "Pinfo expected";
    QTest::newRow("lua 5.3 string.unpack") << QByteArray("local a = string.unpack('>I2', 'ab')\n")
                                           << "string.unpack is Lua 5.3 (Wireshark 4.4+ scripts may use it)";
    QTest::newRow("unknown field") << QByteArray("Field.new('nosuch.field')\n")
                                   << "bad argument #1 to 'new' (Field_new: a field with this name must exist)";
    QTest::newRow("field extractor after loading")
        << QByteArray("local p = Proto('x', 'X')\nfunction p.init() Field.new('ip.src') end\n")
        << "Field_new: A Field extractor must be defined before Taps or Dissectors get called";
    QTest::newRow("unknown dissector") << QByteArray("Dissector.get('sip')\n")
                                       << "Dissector.get: no such dissector: 'sip' (luacap has the Lua protos";
    QTest::newRow("unknown heuristic list") << QByteArray("Proto('x', 'X'):register_heuristic('sctp', print)\n")
                                            << "no such heuristic list 'sctp'";
}

void TestWsluaDissectors::loadErrors()
{
    QFETCH(QByteArray, script);
    QFETCH(QString, message);
    QTemporaryDir dir;
    const QString pcap = pcapgen(dir, "x", {"--flows", "1"});
    QFile f(dir.filePath("s.lua"));
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write(script);
    f.close();
    const RunResult r = luacapTree(pcap, f.fileName(), dir.filePath("r.json"), 1);
    QCOMPARE(r.exitCode, 2);
    QVERIFY2(r.err.contains(message.toUtf8()), r.err.constData());
}

// Every function and method the wslua library registers has a "### Name" entry in
// docs/lua-api/wslua (names read from the globals and metatables, so nothing can drift).
void TestWsluaDissectors::everyFunctionIsDocumented()
{
    luacap::engine::FieldRegistry fields;
    luacap::luaapi::LuaHost host(luacap::luaapi::LuaLimits{}, fields, nullptr);
    lua_State *L = host.state();
    QStringList names;
    const auto collect = [&](const QString &prefix) {
        lua_pushnil(L);
        while (lua_next(L, -2)) {
            if (lua_type(L, -2) == LUA_TSTRING && lua_type(L, -1) == LUA_TFUNCTION)
                names << prefix + QString::fromUtf8(lua_tostring(L, -2));
            lua_pop(L, 1);
        }
    };
    names << "dissect_tcp_pdus";
    for (const char *global : {"Proto", "ProtoField", "ProtoExpert", "DissectorTable", "Dissector", "ByteArray",
                               "UInt64", "Int64", "Address", "Pref", "conversation", "Conversation", "NSTime",
                               "Field"}) {
        lua_getglobal(L, global);
        QVERIFY2(lua_istable(L, -1), global);
        collect(QString(global) + ".");
        lua_pop(L, 1);
    }
    for (const char *cls : {"Tvb", "TvbRange", "TreeItem", "ByteArray", "UInt64", "Int64", "DissectorTable",
                            "Dissector", "Column"}) {
        luaL_getmetatable(L, (std::string("luacap.") + cls).c_str());
        lua_getfield(L, -1, "__index");
        QVERIFY2(lua_istable(L, -1), cls);
        collect(QString(cls) + ":");
        lua_pop(L, 2);
    }
    names << "register_postdissector" << "Proto:register_heuristic";
    QVERIFY(names.size() > 100);
    QByteArray docs;
    const QDir dir(QStringLiteral(LUACAP_SOURCE_DIR "/docs/lua-api/wslua"));
    for (const QString &f : dir.entryList({"*.md"}, QDir::Files)) {
        QFile file(dir.filePath(f));
        QVERIFY(file.open(QIODevice::ReadOnly));
        docs += file.readAll();
    }
    QStringList missing;
    for (const QString &n : names) {
        const QByteArray h = "### " + n.toUtf8();
        if (!docs.contains(h + "\n") && !docs.contains(h + "("))
            missing << n;
    }
    QVERIFY2(missing.isEmpty(), qPrintable("undocumented: " + missing.join(", ")));
}

QTEST_GUILESS_MAIN(TestWsluaDissectors)
#include "tst_wslua_dissectors.moc"
