// Tests for EngineConfig: Arkime keys, ranges, node sections, strict mode, custom fields,
// and Arkime's own test config.
#include <QtTest>

#include "config/engine_config.h"
#include "config/ini_file.h"
#include "fields/field_registry.h"

using namespace luacap::engine;

class TstEngineConfig : public QObject {
    Q_OBJECT
private slots:
    void defaultsWhenEmpty();
    void readsValues();
    void nodeOverridesDefault();
    void badValues_data();
    void badValues();
    void strictRejectsUnusedArkimeKeys();
    void customFields();
    void arkimeTestConfig();
};

namespace {
bool load(const std::string &text, EngineConfig &config, std::string *error, ConfigMode mode = ConfigMode::Replay,
          FieldRegistry *registry = nullptr, const std::string &node = {})
{
    IniFile ini;
    if (!ini.parse(text, "c.ini", error))
        return false;
    return config.load(ini, node, registry, mode, error);
}
} // namespace

void TstEngineConfig::defaultsWhenEmpty()
{
    EngineConfig c;
    std::string error;
    QVERIFY(load("[default]\n", c, &error));
    QCOMPARE(c.sessions.tcpTimeoutUsec, int64_t(480'000'000));
    QCOMPARE(c.sessions.udpTimeoutUsec, int64_t(60'000'000));
    QCOMPARE(c.sessions.icmpTimeoutUsec, int64_t(10'000'000));
    QCOMPARE(c.packetThreads, 1);
    QCOMPARE(c.sessions.outstandingMaxWaitUsec, int64_t(60'000'000));
    QVERIFY(!c.decoder.vlanInSessionKey);
}

void TstEngineConfig::readsValues()
{
    EngineConfig c;
    std::string error;
    QVERIFY2(load("[default]\ntcpTimeout=600\nudpTimeout=30\nicmpTimeout=60\nsctpTimeout=20\nespTimeout=90\n"
                  "tcpSaveTimeout=720\ntcpClosingTimeout=3\nmaxPackets=500\nmaxStreams=1000\npacketThreads=4\n"
                  "sessionIdTracking=vlan\npcapDir=/tmp\noutstandingMaxWait=5\n",
                  c, &error),
             error.c_str());
    QCOMPARE(c.sessions.tcpTimeoutUsec, int64_t(600'000'000));
    QCOMPARE(c.sessions.udpTimeoutUsec, int64_t(30'000'000));
    QCOMPARE(c.sessions.icmpTimeoutUsec, int64_t(60'000'000));
    QCOMPARE(c.sessions.sctpTimeoutUsec, int64_t(20'000'000));
    QCOMPARE(c.sessions.espTimeoutUsec, int64_t(90'000'000));
    QCOMPARE(c.espTimeoutUsec, int64_t(90'000'000));
    QCOMPARE(c.sessions.midSaveUsec, int64_t(720'000'000));
    QCOMPARE(c.sessions.tcpCloseLingerUsec, int64_t(3'000'000));
    QCOMPARE(c.sessions.maxPackets, 500u);
    QCOMPARE(c.maxStreams, 1000u);
    QCOMPARE(c.packetThreads, 4);
    QCOMPARE(c.sessions.outstandingMaxWaitUsec, int64_t(5'000'000));
    QVERIFY(c.decoder.vlanInSessionKey);
}

void TstEngineConfig::nodeOverridesDefault()
{
    const std::string text = "[default]\npacketThreads=2\ntcpTimeout=100\n[sensor1]\npacketThreads=8\n";
    EngineConfig a, b;
    std::string error;
    QVERIFY2(load(text, a, &error, ConfigMode::Replay, nullptr, "sensor1"), error.c_str());
    QCOMPARE(a.packetThreads, 8);
    QCOMPARE(a.sessions.tcpTimeoutUsec, int64_t(100'000'000));
    QVERIFY(load(text, b, &error, ConfigMode::Replay, nullptr, "other"));
    QCOMPARE(b.packetThreads, 2);
}

void TstEngineConfig::badValues_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("message");
    QTest::newRow("not integer") << "[default]\n\ntcpTimeout=ten\n" << "c.ini:3: [default] tcpTimeout=ten: not an integer";
    QTest::newRow("trailing junk") << "[default]\nudpTimeout=30s\n" << "c.ini:2: [default] udpTimeout=30s: not an integer";
    QTest::newRow("below range") << "[default]\ntcpTimeout=5\n" << "c.ini:2: [default] tcpTimeout=5: out of range 10..65535";
    QTest::newRow("above range") << "[default]\ntcpClosingTimeout=300\n" << "tcpClosingTimeout=300: out of range 1..255";
    QTest::newRow("outstanding wait") << "[default]\noutstandingMaxWait=-1\n"
                                      << "c.ini:2: [default] outstandingMaxWait=-1: out of range 0..86400";
    QTest::newRow("zero threads") << "[default]\npacketThreads=0\n" << "packetThreads=0: out of range";
    QTest::newRow("tracking") << "[default]\nsessionIdTracking=mac\n" << "sessionIdTracking=mac: must be none, vlan or vni";
    QTest::newRow("unknown key") << "[default]\ntcpTimeOut=600\n" << "c.ini:2: [default] tcpTimeOut=600: unknown setting";
    QTest::newRow("unknown in node") << "[n]\nbogus=1\n" << "c.ini:2: [n] bogus=1: unknown setting";
}

void TstEngineConfig::badValues()
{
    QFETCH(QString, text);
    QFETCH(QString, message);
    EngineConfig c;
    std::string error;
    QVERIFY(!load(text.toStdString(), c, &error, ConfigMode::Replay, nullptr, "n"));
    QVERIFY2(QString::fromStdString(error).contains(message), error.c_str());
}

void TstEngineConfig::strictRejectsUnusedArkimeKeys()
{
    const std::string text = "[default]\ntcpTimeout=600\nrootPlugins=a.so\n";
    EngineConfig replay, strict;
    std::string error;
    QVERIFY(load(text, replay, &error, ConfigMode::Replay));
    QVERIFY(!load(text, strict, &error, ConfigMode::Strict));
    QVERIFY2(QString::fromStdString(error).contains("c.ini:3: [default] rootPlugins=a.so: Arkime setting that luacap does not implement"),
             error.c_str());
    QVERIFY(!QString::fromStdString(error).contains("tcpTimeout"));
}

void TstEngineConfig::customFields()
{
    FieldRegistry r;
    EngineConfig c;
    std::string error;
    QVERIFY2(load("[default]\n[custom-fields]\nnetwork.vlan.id=db:network.vlan.id;kind:integer\n"
                  "asset.src=kind:lotermfield;count:true;db:assetName.src\n",
                  c, &error, ConfigMode::Replay, &r),
             error.c_str());
    const int id = r.idOf("asset.src");
    QVERIFY(id >= 0);
    QCOMPARE(r.get(id).dbField, std::string("assetName.src"));
    QVERIFY(r.get(r.idOfDb("network.vlan.id")).flags & FieldFake);

    FieldRegistry r2;
    EngineConfig c2;
    QVERIFY(!load("[default]\n[custom-fields]\nbad=db:x.y\n", c2, &error, ConfigMode::Replay, &r2));
    QVERIFY2(QString::fromStdString(error).contains("c.ini:3: [custom-fields] field 'bad': no kind:"), error.c_str());
}

void TstEngineConfig::arkimeTestConfig()
{
    const QString path = QStringLiteral(LUACAP_SHARED_DIR "/pcaps/arkime/config/config.test.ini");
    if (!QFile::exists(path))
        QSKIP("Arkime's config.test.ini is not under " LUACAP_SHARED_DIR);
    IniFile ini;
    std::string error;
    QVERIFY2(ini.load(path.toStdString(), &error), error.c_str());
    FieldRegistry r;
    EngineConfig c;
    QVERIFY2(c.load(ini, "test", &r, ConfigMode::Replay, &error), error.c_str());
    QCOMPARE(c.packetThreads, 2);
    QCOMPARE(c.sessions.icmpTimeoutUsec, int64_t(60'000'000));
    QCOMPARE(c.maxStreams, 1000u);
    QVERIFY(c.decoder.vlanInSessionKey);
    for (const char *e : {"iscool", "sample.md5", "asset.src", "asset.dst"})
        QVERIFY2(r.idOf(e) >= 0, e);
    QVERIFY(r.get(r.idOf("sample.md5")).flags & FieldLowercase);
    QCOMPARE(c.warnings.size(), size_t(1));   // the builtin VLAN redefinition, ignored
    QVERIFY2(QString::fromStdString(c.warnings[0]).contains("network.vlan.id"), c.warnings[0].c_str());
    // The capture daemon's strict mode refuses the many settings luacap would ignore.
    FieldRegistry r2;
    EngineConfig strict;
    QVERIFY(!strict.load(ini, "test", &r2, ConfigMode::Strict, &error));
}

QTEST_GUILESS_MAIN(TstEngineConfig)
#include "tst_engine_config.moc"
