// End-to-end: a real `luacap capture` daemon listens on one end of a veth pair while tcpreplay
// sends a generated pcap into the other (inside a private network namespace); the viewer,
// on a real X server (Xvfb, started here), connects with a token, waits for one row per
// generated flow, charts the daemon's stats, selects a session and shows its packets, and
// saves screenshots of the live table and the detail pane (README, docs/images).
// Needs root, iproute2, tcpreplay and Xvfb (scripts/install-deps.sh); skips without them.
#include <QApplication>
#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QProcess>
#include <QPushButton>
#include <QRegularExpression>
#include <QScreen>
#include <QStandardPaths>
#include <QSplitter>
#include <QTabWidget>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>
#include <QTreeWidget>
#include <csignal>
#include <unistd.h>

#include "detail_pane.h"
#include "main_window.h"
#include "session_table_model.h"
#include "sparkline_widget.h"
#include "stats_panel.h"

using namespace luacap::viewer;

namespace {
// Why the test cannot run here, or empty.
QString missingTools()
{
    if (geteuid() != 0)
        return "needs root (network namespace, raw capture)";
    for (const char *tool : {"ip", "tcpreplay", "Xvfb"}) {
        if (QStandardPaths::findExecutable(tool).isEmpty())
            return QString("needs %1 (scripts/install-deps.sh)").arg(tool);
    }
    return {};
}

// Runs a command to its end; its output goes to *output.
bool run(const QStringList &command, QByteArray *output = nullptr)
{
    QProcess p;
    p.setProcessChannelMode(QProcess::MergedChannels);
    p.start(command.first(), command.mid(1));
    const bool ok = p.waitForFinished(60000) && p.exitStatus() == QProcess::NormalExit && p.exitCode() == 0;
    if (output)
        *output = p.readAll();
    return ok;
}

// Reads p's stderr until pattern matches; the match, or an empty one after timeoutMs.
QRegularExpressionMatch waitForLine(QProcess &p, const QRegularExpression &pattern, QByteArray &seen, int timeoutMs)
{
    QElapsedTimer timer;
    timer.start();
    while (timer.elapsed() < timeoutMs) {
        const QRegularExpressionMatch m = pattern.match(QString::fromUtf8(seen));
        if (m.hasMatch())
            return m;
        if (p.state() == QProcess::NotRunning)
            break;
        p.waitForReadyRead(200);
        seen += p.readAllStandardError();
    }
    return {};
}

// A screenshot of what the X server shows of the window (the window's own rendering where
// the platform cannot read the screen back), in 256 colours to keep the committed copies small.
bool saveScreenshot(QWidget &window, const QString &path)
{
    QPixmap shot = window.screen() ? window.screen()->grabWindow(window.winId()) : QPixmap();
    if (shot.isNull())
        shot = window.grab();
    return shot.toImage().convertToFormat(QImage::Format_Indexed8, Qt::ThresholdDither).save(path, "PNG", 0);
}
} // namespace

class TestViewerEndToEnd : public QObject {
    Q_OBJECT
    QTemporaryDir dir_;
    QString ns_, outer_, inner_;
    bool haveNamespace_ = false;
    QJsonArray flows_;
    QString pcap_;

    bool makeVethPair(QByteArray *err)
    {
        const QString id = QString::number(getpid());
        ns_ = "luacap-v" + id, outer_ = "lvo" + id, inner_ = "lvi" + id;
        if (!run({"ip", "netns", "add", ns_}, err))
            return false;
        haveNamespace_ = true;
        // No IPv6 on the pair: router solicitations would add sessions nobody generated.
        return run({"ip", "link", "add", outer_, "type", "veth", "peer", "name", inner_}, err) &&
               run({"ip", "link", "set", inner_, "netns", ns_}, err) &&
               run({"sysctl", "-qw", "net.ipv6.conf." + outer_ + ".disable_ipv6=1"}, err) &&
               run({"ip", "netns", "exec", ns_, "sysctl", "-qw", "net.ipv6.conf." + inner_ + ".disable_ipv6=1"}, err) &&
               run({"ip", "link", "set", outer_, "mtu", "9000", "up"}, err) &&
               run({"ip", "netns", "exec", ns_, "ip", "link", "set", inner_, "mtu", "9000", "up"}, err);
    }

    bool allFlowsShown(const SessionTableModel &model) const
    {
        QSet<int> ports;
        for (int r = 0; r < model.rowCount(); ++r)
            ports.insert(model.record(r).row.srcPort);
        for (const QJsonValue &f : flows_) {
            if (!ports.contains(f.toObject().value("source").toObject().value("port").toInt()))
                return false;
        }
        return true;
    }

private slots:
    void initTestCase()
    {
        if (QGuiApplication::platformName() != "xcb")
            QSKIP(qPrintable("needs an X server: " + missingTools()));
        const QString missing = missingTools();
        if (!missing.isEmpty())
            QSKIP(qPrintable(missing));
        QByteArray err;
        QVERIFY2(makeVethPair(&err), err.constData());
        pcap_ = dir_.filePath("flows.pcap");
        QVERIFY(run({LUACAP_PCAPGEN, "-o", pcap_, "--flows", "40", "--seed", "4", "--ipv6", "0", "--summary",
                     pcap_ + ".json"}, &err));
        QFile summary(pcap_ + ".json");
        QVERIFY(summary.open(QIODevice::ReadOnly));
        flows_ = QJsonDocument::fromJson(summary.readAll()).object().value("flows").toArray();
        QCOMPARE(flows_.size(), 40);
    }

    void cleanupTestCase()
    {
        if (!haveNamespace_)
            return;
        run({"ip", "link", "del", outer_});
        run({"ip", "netns", "del", ns_});
    }

    void liveTableDetailAndStats()
    {
        QDir().mkpath(dir_.filePath("pcap"));
        QProcess daemon;
        daemon.start(LUACAP_BINARY, {"capture", "-i", outer_, "--threads", "2", "--api", "127.0.0.1:0",
                                     "--option", "apiToken=e2e-token-0123456789", "--pcap-dir", dir_.filePath("pcap"),
                                     "-o", dir_.filePath("records.json"), "--option", "tcpTimeout=10",
                                     "--option", "udpTimeout=1", "--option", "tcpClosingTimeout=1"});
        QVERIFY(daemon.waitForStarted());
        QByteArray err;
        const QRegularExpressionMatch api =
            waitForLine(daemon, QRegularExpression("live API on (http://127\\.0\\.0\\.1:\\d+)"), err, 30000);
        QVERIFY2(api.hasMatch(), err.constData());
        QVERIFY2(waitForLine(daemon, QRegularExpression("capturing"), err, 30000).hasMatch(), err.constData());

        MainWindow window;
        window.resize(1180, 700);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        window.findChild<QSplitter *>()->setSizes({690, 490});
        auto *tabs = window.findChild<QTabWidget *>();
        QVERIFY(tabs);
        tabs->setCurrentWidget(window.stats());
        window.client()->setStatsInterval(250);   // the charts get a few points per second of traffic
        window.connectToDaemon(QUrl(api.captured(1)), "e2e-token-0123456789");
        QTRY_COMPARE_WITH_TIMEOUT(window.client()->state(), LiveClient::State::Connected, 10000);

        // Replayed slowly, in the background: the window stays live meanwhile.
        QProcess replay;
        replay.setProcessChannelMode(QProcess::MergedChannels);
        replay.start("ip", {"netns", "exec", ns_, "tcpreplay", "-q", "--pps", "200", "-i", inner_, pcap_});
        QTRY_VERIFY_WITH_TIMEOUT(replay.state() == QProcess::NotRunning, 60000);
        QVERIFY2(replay.exitCode() == 0, replay.readAll().constData());
        QTRY_VERIFY_WITH_TIMEOUT(allFlowsShown(*window.model()), 30000);
        QCOMPARE(window.model()->rowCount(), flows_.size());

        // The stats tab charts what the real daemon reports (docs/live-api.md names).
        StatsPanel *stats = window.stats();
        QTRY_VERIFY_WITH_TIMEOUT(stats->chart(StatsPanel::Chart::PacketsPerSecond)->values().size() >= 2, 10000);
        QCOMPARE(stats->chart(StatsPanel::Chart::ThreadLoad)->seriesCount(), size_t(2));
        QVERIFY(!stats->chart(StatsPanel::Chart::OpenSessions)->values().empty());
        QVERIFY(!stats->chart(StatsPanel::Chart::LuaErrors)->unavailable());
        window.table()->sortByColumn(0, Qt::AscendingOrder);
        QTest::qWait(300);
        const QString shots = QStringLiteral(LUACAP_SCREENSHOT_DIR);
        QDir().mkpath(shots);
        QVERIFY(saveScreenshot(window, shots + "/viewer-live.png"));

        // A session's detail: its record as a tree and its packets from the daemon's pcap files.
        tabs->setCurrentWidget(window.detail());
        window.selectRow(0);
        QVERIFY(window.detail()->tree()->topLevelItemCount() > 5);
        QPushButton *showPackets = nullptr;
        for (QPushButton *b : window.detail()->findChildren<QPushButton *>())
            showPackets = b->text().contains("packets", Qt::CaseInsensitive) ? b : showPackets;
        QVERIFY(showPackets);
        QTest::mouseClick(showPackets, Qt::LeftButton);
        QTRY_VERIFY_WITH_TIMEOUT(window.detail()->packetText().startsWith("Packet 1"), 10000);
        const int packets = window.detail()->record().value("network").toObject().value("packets").toInt();
        QVERIFY2(window.detail()->packetText().contains(QString("Packet %1 ").arg(packets)),
                 qPrintable(window.detail()->packetText().left(300)));
        QTest::qWait(300);
        QVERIFY(saveScreenshot(window, shots + "/viewer-detail.png"));
        qInfo("screenshots in %s", qPrintable(shots));

        window.client()->disconnectFromDaemon();
        // Only while it runs: kill(0, ...) would signal the whole process group (ctest too).
        QVERIFY(daemon.state() == QProcess::Running && daemon.processId() > 0);
        ::kill(pid_t(daemon.processId()), SIGTERM);
        QVERIFY(daemon.waitForFinished(60000));
        err += daemon.readAllStandardError();
        QVERIFY2(daemon.exitCode() == 0, err.constData());
    }
};

// LeakSanitizer (LUACAP_SANITIZE): the xcb platform's accessibility bridge connects to D-Bus,
// and libdbus keeps a connection buffer until the process ends; nothing of ours.
extern "C" const char *__lsan_default_suppressions()
{
    return "leak:libdbus-1.so\n";
}

// Starts a private Xvfb on a display nobody uses and waits for its socket; true when it runs.
bool startXvfb(QProcess &xvfb)
{
    if (QStandardPaths::findExecutable("Xvfb").isEmpty())
        return false;
    int display = 90;
    while (QFile::exists(QString("/tmp/.X%1-lock").arg(display)) ||
           QFile::exists(QString("/tmp/.X11-unix/X%1").arg(display)))
        ++display;
    xvfb.setProcessChannelMode(QProcess::ForwardedErrorChannel);
    xvfb.start("Xvfb", {":" + QString::number(display), "-screen", "0", "1280x800x24", "-nolisten", "tcp"});
    const QString socket = QString("/tmp/.X11-unix/X%1").arg(display);
    for (int i = 0; i < 100 && xvfb.state() != QProcess::NotRunning && !QFile::exists(socket); ++i)
        QThread::msleep(100);
    if (!QFile::exists(socket))
        return false;
    qputenv("DISPLAY", ":" + QByteArray::number(display));
    return true;
}

// The xcb platform on a private Xvfb, so the test sees a real X server whatever the caller's
// DISPLAY; without Xvfb the test skips (offscreen, to report it).
int main(int argc, char **argv)
{
    QProcess xvfb;
    qputenv("QT_QPA_PLATFORM", startXvfb(xvfb) ? "xcb" : "offscreen");
    int status = 0;
    {
        QApplication app(argc, argv);
        QStandardPaths::setTestModeEnabled(true);
        QApplication::setOrganizationName("luacap-viewer-tests");
        TestViewerEndToEnd test;
        status = QTest::qExec(&test, argc, argv);
    }
    if (xvfb.state() != QProcess::NotRunning) {
        xvfb.terminate();
        xvfb.waitForFinished(5000);
    }
    return status;
}

#include "tst_viewer_e2e.moc"
