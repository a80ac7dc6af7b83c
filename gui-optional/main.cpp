// luacap-viewer's entry point: parses the command line (a daemon to connect to, or a capture
// to replay with Lua files) and shows the main window. GUI thread.
#include <QApplication>
#include <QCommandLineParser>
#include <QSettings>
#include <QTimer>
#include <QUrl>

#include "detail_pane.h"
#include "main_window.h"
#include "session_table_model.h"

namespace {
// --screenshot: shows the first session with its packets, saves the window and quits (for
// docs and the README; works on the offscreen platform, no X server needed).
void screenshotWhenReady(luacap::viewer::MainWindow &window, const QString &path, bool offline, int waitMs)
{
    auto shoot = [&window, path] {
        if (window.model()->rowCount() > 0) {
            window.selectRow(0);
            emit window.detail()->packetsRequested(window.detail()->record());
        }
        QTimer::singleShot(1000, &window, [&window, path] {
            const bool ok = window.grab().save(path);
            QCoreApplication::exit(ok ? 0 : 1);
        });
    };
    if (offline)
        QObject::connect(window.replay(), &luacap::viewer::OfflineReplay::finished, &window, shoot);
    else
        QTimer::singleShot(waitMs, &window, shoot);
}
} // namespace

int main(int argc, char **argv)
{
    QApplication app(argc, argv);
    QApplication::setOrganizationName("luacap");
    QApplication::setApplicationName("luacap-viewer");
    QCommandLineParser parser;
    parser.setApplicationDescription("luacap-viewer: live sessions of a luacap daemon, or a replayed capture");
    parser.addHelpOption();
    parser.addOption({"connect", "Live API of a daemon, e.g. http://127.0.0.1:8417", "URL"});
    parser.addOption({"token", "The daemon's apiToken (else $LUACAP_API_TOKEN, else the remembered one)", "TOKEN"});
    parser.addOption({"lua", "Lua file to run on the capture (repeatable)", "FILE"});
    parser.addOption({"screenshot", "Save a picture of the window to FILE once the capture is replayed "
                                    "(or after --screenshot-wait ms live) and quit", "FILE"});
    parser.addOption({"screenshot-wait", "Live mode: milliseconds to wait before --screenshot (default 3000)", "MS", "3000"});
    parser.addPositionalArgument("capture", "pcap or pcapng file to replay in-process");
    parser.process(app);

    luacap::viewer::MainWindow window;
    window.show();
    if (parser.isSet("screenshot"))
        screenshotWhenReady(window, parser.value("screenshot"), !parser.positionalArguments().isEmpty(),
                            parser.value("screenshot-wait").toInt());
    QSettings settings;
    if (!parser.positionalArguments().isEmpty()) {
        window.openCapture(parser.positionalArguments().first(), parser.values("lua"));
    } else if (parser.isSet("connect") || settings.contains("live/url")) {
        QString token = parser.value("token");
        if (token.isEmpty())
            token = qEnvironmentVariable("LUACAP_API_TOKEN", settings.value("live/token").toString());
        window.connectToDaemon(QUrl::fromUserInput(parser.value("connect").isEmpty() ? settings.value("live/url").toString()
                                                                                  : parser.value("connect")),
                               token);
    }
    return app.exec();
}
