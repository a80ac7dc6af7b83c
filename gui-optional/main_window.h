// MainWindow: luacap-viewer's window: the session table with its filter box, the detail,
// stats and Lua-errors panes, menus and the status bar; wires the live client or an offline
// replay into the table. Layout, URL and token are remembered in QSettings. GUI thread.
#pragma once

#include <QMainWindow>
#include <QTimer>

#include "live_client.h"
#include "offline_replay.h"

class QLabel;
class QLineEdit;
class QProgressBar;
class QPushButton;
class QSplitter;
class QTabWidget;
class QTableView;
class QVBoxLayout;

namespace luacap::viewer {

class DetailPane;
class LuaErrorsPanel;
class SessionFilterProxy;
class SessionTableModel;
class StatsPanel;

class MainWindow : public QMainWindow {
    Q_OBJECT
public:
    explicit MainWindow(QWidget *parent = nullptr);
    ~MainWindow() override;

    void connectToDaemon(const QUrl &url, const QString &token);
    void openCapture(const QString &pcap, const QStringList &luaFiles);
    // Applies the filter box's text now (it is applied on typing after a short pause).
    bool applyFilter();
    // The selected row (through sorting and filtering) as one line of JSON.
    QByteArray selectedRowJson() const;
    void selectRow(int proxyRow);

    SessionTableModel *model() const { return model_; }
    SessionFilterProxy *proxy() const { return proxy_; }
    QTableView *table() const { return table_; }
    QLineEdit *filterEdit() const { return filter_; }
    QLabel *filterError() const { return filterError_; }
    DetailPane *detail() const { return detail_; }
    StatsPanel *stats() const { return stats_; }
    LuaErrorsPanel *luaErrors() const { return luaErrors_; }
    LiveClient *client() { return &client_; }
    OfflineReplay *replay() { return &replay_; }
    QLabel *connectionLabel() const { return connection_; }
    QLabel *countsLabel() const { return counts_; }
    QProgressBar *progressBar() const { return progress_; }
    QPushButton *cancelButton() const { return cancel_; }

protected:
    void closeEvent(QCloseEvent *event) override;

private:
    void buildWidgets();
    void buildFilter(QVBoxLayout *layout);
    void buildTable(QVBoxLayout *layout);
    void buildStatusBar();
    void connectLive();
    void connectOffline();
    void buildMenus();
    void restoreLayout();
    void saveLayout();
    void showConnectDialog();
    void showOpenDialog();
    void chooseColumns();
    void copyRow();
    void showSelected();
    void fetchPackets(const QJsonObject &record);
    void replayFinished(const OfflineReplay::Result &result);
    void updateCounts();

    SessionTableModel *model_;
    SessionFilterProxy *proxy_;
    QTableView *table_ = nullptr;
    QLineEdit *filter_ = nullptr;
    QLabel *filterError_ = nullptr;
    QSplitter *split_ = nullptr;
    QTabWidget *tabs_ = nullptr;
    DetailPane *detail_ = nullptr;
    StatsPanel *stats_ = nullptr;
    LuaErrorsPanel *luaErrors_ = nullptr;
    QLabel *connection_ = nullptr;
    QLabel *counts_ = nullptr;
    QProgressBar *progress_ = nullptr;
    QPushButton *cancel_ = nullptr;
    QTimer filterDelay_;
    LiveClient client_;
    OfflineReplay replay_;
    bool offline_ = false;
    quint64 missed_ = 0;   // records the stream reported lost before we asked for them
};

} // namespace luacap::viewer
