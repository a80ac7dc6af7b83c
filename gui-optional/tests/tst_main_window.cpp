// Tests of the window as a desktop user drives it: Ctrl+F goes to the filter box, Ctrl+C
// copies the selected row as JSON, Return applies the filter, and the layout, extra columns
// and daemon URL/token survive a restart (QSettings, in test mode).
#include <QAction>
#include <QClipboard>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QSettings>
#include <QSplitter>
#include <QTableView>

#include "main_window.h"
#include "session_filter_proxy.h"
#include "session_table_model.h"
#include "viewer_test_main.h"

using namespace luacap::viewer;

namespace {
QByteArray record(int n, const char *protocol)
{
    return QJsonDocument(QJsonObject{{"firstPacket", qint64(1700000000000 + n)},
                                     {"source", QJsonObject{{"ip", "10.0.0.1"}, {"port", 1000 + n}}},
                                     {"destination", QJsonObject{{"ip", "10.0.0.2"}, {"port", 80}}},
                                     {"protocol", QJsonArray{protocol}}})
        .toJson(QJsonDocument::Compact);
}

QAction *actionNamed(QWidget *window, const QString &text)
{
    for (QAction *a : window->findChildren<QAction *>()) {
        if (a->text() == text)
            return a;
    }
    return nullptr;
}
} // namespace

class TestMainWindow : public QObject {
    Q_OBJECT

private slots:
    void init() { QSettings().clear(); }

    void shortcuts()
    {
        MainWindow window;
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        window.model()->appendRecords({record(1, "http"), record(2, "dns"), record(3, "http")});
        QCOMPARE(actionNamed(&window, "&Filter")->shortcut(), QKeySequence(QKeySequence::Find));
        QCOMPARE(actionNamed(&window, "&Open pcap...")->shortcut(), QKeySequence(QKeySequence::Open));
        QCOMPARE(actionNamed(&window, "&Copy row as JSON")->shortcut(), QKeySequence(QKeySequence::Copy));

        window.table()->setFocus();
        actionNamed(&window, "&Filter")->trigger();
        QVERIFY(window.filterEdit()->hasFocus());
        QTest::keyClicks(window.filterEdit(), "protocol == http");
        QTest::keyClick(window.filterEdit(), Qt::Key_Return);
        QCOMPARE(window.proxy()->rowCount(), 2);

        window.selectRow(1);
        actionNamed(&window, "&Copy row as JSON")->trigger();
        const QJsonObject copied = QJsonDocument::fromJson(QGuiApplication::clipboard()->text().toUtf8()).object();
        QCOMPARE(copied.value("source").toObject().value("port").toInt(), 1003);
    }

    void rememberedBetweenRuns()
    {
        {
            MainWindow window;
            window.resize(900, 500);
            window.model()->setChosenFields({"http.host", "node"});
            window.connectToDaemon(QUrl("http://127.0.0.1:9"), "tok-1");   // nobody there; only remembered
            window.close();
        }
        QSettings settings;
        QCOMPARE(settings.value("live/url").toString(), QString("http://127.0.0.1:9"));
        QCOMPARE(settings.value("live/token").toString(), QString("tok-1"));
        MainWindow again;
        QCOMPARE(again.size(), QSize(900, 500));
        QCOMPARE(again.model()->chosenFields(), (QStringList{"http.host", "node"}));
    }
};

LUACAP_VIEWER_TEST_MAIN(TestMainWindow)
#include "tst_main_window.moc"
