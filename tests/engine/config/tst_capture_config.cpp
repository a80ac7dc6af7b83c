// Tests for the capture daemon's config keys (CaptureConfig through EngineConfig, strict mode):
// values read, and bad values rejected with file, line, key and value in the message.
#include <QtTest>

#include "config/engine_config.h"
#include "config/ini_file.h"

using namespace luacap::engine;

class TstCaptureConfig : public QObject {
    Q_OBJECT
private slots:
    void defaults();
    void readsValues();
    void readsPcapStoreValues();
    void badValues_data();
    void badValues();
    void listSyntax_data();
    void listSyntax();
};

namespace {
bool loadStrict(const std::string &text, EngineConfig &config, std::string *error)
{
    IniFile ini;
    if (!ini.parse(text, "cap.ini", error))
        return false;
    return config.load(ini, "", nullptr, ConfigMode::Strict, error);
}
} // namespace

void TstCaptureConfig::defaults()
{
    EngineConfig c;
    std::string error;
    QVERIFY2(loadStrict("[default]\n", c, &error), error.c_str());
    QVERIFY(c.capture.interfaces.empty());
    QCOMPARE(c.capture.snapLen, 16384);
    QCOMPARE(c.capture.bufferBytes, int64_t(300'000'000));
    QVERIFY(c.capture.promiscuous);
    QVERIFY(!c.capture.immediateMode);
}

void TstCaptureConfig::readsValues()
{
    EngineConfig c;
    std::string error;
    QVERIFY2(loadStrict("[default]\ninterface=eth0;eth1\nbpf=tcp port 80 or udp\nsnapLen=1500\n"
                        "pcapBufferSize=1048576\npromiscuous=false\nimmediateMode=true\ndropUser=nobody\n"
                        "dropGroup=nogroup\npacketThreads=3\ntcpTimeout=60\n",
                        c, &error),
             error.c_str());
    QCOMPARE(c.capture.interfaces, (std::vector<std::string>{"eth0", "eth1"}));
    QCOMPARE(c.capture.bpf, std::string("tcp port 80 or udp"));
    QCOMPARE(c.capture.snapLen, 1500);
    QCOMPARE(c.capture.bufferBytes, int64_t(1048576));
    QVERIFY(!c.capture.promiscuous);
    QVERIFY(c.capture.immediateMode);
    QCOMPARE(c.capture.dropUser, std::string("nobody"));
    QCOMPARE(c.capture.dropGroup, std::string("nogroup"));
    QCOMPARE(c.packetThreads, 3);
    QCOMPARE(c.sessions.tcpTimeoutUsec, int64_t(60'000'000));
}

void TstCaptureConfig::readsPcapStoreValues()
{
    EngineConfig c;
    std::string error;
    QVERIFY2(loadStrict("[default]\npcapDir=/data/pcap\nmaxFileSizeG=0.5\nmaxFileTimeM=2\nfreeSpaceG=3%\n"
                        "pcapWriteSize=65536\npcapWriteQueue=8\n", c, &error),
             error.c_str());
    QCOMPARE(c.capture.pcap.dir, std::string("/data/pcap"));
    QCOMPARE(c.capture.pcap.maxFileBytes, uint64_t(512) << 20);
    QCOMPARE(c.capture.pcap.maxFileTimeUsec, int64_t(120'000'000));
    QCOMPARE(c.capture.pcap.freeSpacePercent, 3.0);
    QCOMPARE(c.capture.pcap.writeBlockBytes, 65536u);
    QCOMPARE(c.capture.pcap.writeQueueBlocks, 8u);
    QVERIFY2(loadStrict("[default]\nfreeSpaceG=20\n", c, &error), error.c_str());
    QCOMPARE(c.capture.pcap.freeSpaceGiB, 20.0);
    QCOMPARE(c.capture.pcap.freeSpacePercent, 0.0);
}

void TstCaptureConfig::badValues_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("message");
    QTest::newRow("snapLen not int") << "[default]\nsnapLen=big\n" << "cap.ini:2: [default] snapLen=big: not an integer";
    QTest::newRow("snapLen small") << "[default]\n\nsnapLen=10\n" << "cap.ini:3: [default] snapLen=10: out of range 64..262144";
    QTest::newRow("buffer") << "[default]\npcapBufferSize=-1\n" << "pcapBufferSize=-1: out of range";
    QTest::newRow("promiscuous") << "[default]\npromiscuous=maybe\n" << "cap.ini:2: [default] promiscuous=maybe: must be true or false";
    QTest::newRow("no interface") << "[default]\ninterface= ; \n" << "cap.ini:2: [default] interface=;: needs at least one interface name";
    QTest::newRow("dropUser junk") << "[default]\ndropUser=root;rm\n" << "dropUser=root;rm: not a user or group name";
    QTest::newRow("unknown key") << "[default]\ninterfaces=eth0\n" << "cap.ini:2: [default] interfaces=eth0: unknown setting";
    QTest::newRow("unimplemented") << "[default]\nrootPlugins=a.so\n" << "rootPlugins=a.so: Arkime setting that luacap does not implement";
    QTest::newRow("pcapDir list") << "[default]\npcapDir=/a;/b\n" << "pcapDir=/a;/b: needs one directory";
    QTest::newRow("maxFileSizeG") << "[default]\nmaxFileSizeG=big\n" << "cap.ini:2: [default] maxFileSizeG=big: not a number";
    QTest::newRow("freeSpaceG percent") << "[default]\nfreeSpaceG=150%\n" << "freeSpaceG=150%: out of range";
    QTest::newRow("pcapWriteQueue") << "[default]\npcapWriteQueue=1\n" << "pcapWriteQueue=1: out of range";
    QTest::newRow("threads") << "[default]\npacketThreads=0\n" << "cap.ini:2: [default] packetThreads=0: out of range 1..64";
}

void TstCaptureConfig::badValues()
{
    QFETCH(QString, text);
    QFETCH(QString, message);
    EngineConfig c;
    std::string error;
    QVERIFY(!loadStrict(text.toStdString(), c, &error));
    QVERIFY2(QString::fromStdString(error).contains(message), error.c_str());
}

void TstCaptureConfig::listSyntax_data()
{
    QTest::addColumn<QString>("value");
    QTest::addColumn<QStringList>("names");
    QTest::newRow("one") << "eth0" << QStringList{"eth0"};
    QTest::newRow("blanks") << " eth0 ;  eth1 " << QStringList{"eth0", "eth1"};
    QTest::newRow("empty parts") << "eth0;;eth1;" << QStringList{"eth0", "eth1"};
    QTest::newRow("nothing") << ";" << QStringList{};
}

void TstCaptureConfig::listSyntax()
{
    QFETCH(QString, value);
    QFETCH(QStringList, names);
    QStringList got;
    for (const std::string &s : splitArkimeList(value.toStdString()))
        got << QString::fromStdString(s);
    QCOMPARE(got, names);
}

QTEST_GUILESS_MAIN(TstCaptureConfig)
#include "tst_capture_config.moc"
