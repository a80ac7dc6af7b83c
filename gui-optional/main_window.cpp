// MainWindow implementation (GUI thread).
#include "main_window.h"

#include <QAction>
#include <QApplication>
#include <QClipboard>
#include <QCloseEvent>
#include <QFileDialog>
#include <QHeaderView>
#include <QInputDialog>
#include <QJsonDocument>
#include <QLabel>
#include <QLineEdit>
#include <QMenuBar>
#include <QProgressBar>
#include <QPushButton>
#include <QSettings>
#include <QSplitter>
#include <QStatusBar>
#include <QTabWidget>
#include <QTableView>
#include <QVBoxLayout>
#include <QFileInfo>
#include <QThread>
#include <algorithm>

#include "connect_dialog.h"
#include "detail_pane.h"
#include "lua_errors_panel.h"
#include "offline_packets.h"
#include "session_filter_proxy.h"
#include "session_table_model.h"
#include "stats_panel.h"

namespace luacap::viewer {

MainWindow::MainWindow(QWidget *parent)
    : QMainWindow(parent), model_(new SessionTableModel(200000, this)), proxy_(new SessionFilterProxy(this))
{
    setWindowTitle(tr("luacap viewer"));
    proxy_->setSourceModel(model_);
    buildWidgets();
    buildMenus();
    connectLive();
    connectOffline();
    restoreLayout();
    updateCounts();
}

MainWindow::~MainWindow() = default;

void MainWindow::connectLive()
{
    connect(&client_, &LiveClient::recordsReceived, model_, &SessionTableModel::appendRecords);
    connect(&client_, &LiveClient::statsReceived, stats_, &StatsPanel::showStats);
    connect(&client_, &LiveClient::recordsMissed, this, [this](quint64 count) {
        missed_ += count;
        updateCounts();
    });
    connect(&client_, &LiveClient::stateChanged, this, [this](LiveClient::State, const QString &message) {
        connection_->setText(message);
    });
    connect(&client_, &LiveClient::packetsFetched, this, [this](const QString &id, const QByteArray &pcap) {
        if (sessionIdOf(detail_->record()) == id)
            detail_->showPackets(pcap);
    });
    connect(&client_, &LiveClient::packetsFailed, this, [this](const QString &, const QString &reason) {
        detail_->showPacketsError(reason);
    });
}

void MainWindow::connectOffline()
{
    connect(&replay_, &OfflineReplay::recordsReady, model_, &SessionTableModel::appendRecords);
    connect(&replay_, &OfflineReplay::progress, this, [this](quint64 records, int percent) {
        progress_->setRange(0, percent < 0 ? 0 : 100);
        if (percent >= 0)
            progress_->setValue(percent);
        progress_->setFormat(tr("%1 sessions").arg(records) + (percent < 0 ? QString() : QStringLiteral(" (%p%)")));
    });
    connect(&replay_, &OfflineReplay::finished, this, &MainWindow::replayFinished);
    connect(cancel_, &QPushButton::clicked, this, [this] {
        replay_.cancel();
        cancel_->setEnabled(false);   // the sessions read so far are still being saved
        cancel_->setText(tr("Cancelling..."));
    });
}

void MainWindow::buildWidgets()
{
    auto *left = new QWidget;
    auto *leftLayout = new QVBoxLayout(left);
    leftLayout->setContentsMargins(0, 0, 0, 0);
    buildFilter(leftLayout);
    buildTable(leftLayout);
    detail_ = new DetailPane;
    stats_ = new StatsPanel;
    luaErrors_ = new LuaErrorsPanel;
    tabs_ = new QTabWidget;
    tabs_->addTab(detail_, tr("Session"));
    tabs_->addTab(stats_, tr("Stats"));
    tabs_->addTab(luaErrors_, tr("Lua errors"));
    split_ = new QSplitter;
    split_->addWidget(left);
    split_->addWidget(tabs_);
    split_->setStretchFactor(0, 3);
    split_->setStretchFactor(1, 2);
    setCentralWidget(split_);
    buildStatusBar();
    connect(detail_, &DetailPane::packetsRequested, this, &MainWindow::fetchPackets);
}

void MainWindow::buildFilter(QVBoxLayout *layout)
{
    filter_ = new QLineEdit;
    filter_->setObjectName("filter");
    filter_->setPlaceholderText(tr("Filter, as luacap query: protocol == http && ip.dst == 10.0.0.1   (Ctrl+F)"));
    filter_->setClearButtonEnabled(true);
    filterError_ = new QLabel;
    filterError_->setStyleSheet("color: #b00020");
    filterError_->hide();
    filterDelay_.setSingleShot(true);
    filterDelay_.setInterval(250);
    connect(&filterDelay_, &QTimer::timeout, this, &MainWindow::applyFilter);
    connect(filter_, &QLineEdit::textEdited, &filterDelay_, qOverload<>(&QTimer::start));
    connect(filter_, &QLineEdit::returnPressed, this, &MainWindow::applyFilter);
    layout->addWidget(filter_);
    layout->addWidget(filterError_);
}

void MainWindow::buildTable(QVBoxLayout *layout)
{
    table_ = new QTableView;
    table_->setObjectName("sessions");
    table_->setModel(proxy_);
    table_->sortByColumn(SessionTableModel::Time, Qt::AscendingOrder);   // arrival order until the user sorts
    table_->setSortingEnabled(true);
    table_->setSelectionBehavior(QAbstractItemView::SelectRows);
    table_->setSelectionMode(QAbstractItemView::SingleSelection);
    table_->setWordWrap(false);
    table_->verticalHeader()->hide();
    table_->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    table_->verticalHeader()->setDefaultSectionSize(fontMetrics().height() + 6);
    table_->horizontalHeader()->setStretchLastSection(true);
    // Sized once, not to contents: measuring 100,000 rows on every batch would freeze the UI.
    const int widths[] = {175, 110, 65, 110, 65, 110, 65, 80, 90};
    for (int c = 0; c < SessionTableModel::FixedColumns; ++c)
        table_->horizontalHeader()->resizeSection(c, widths[c]);
    connect(table_->selectionModel(), &QItemSelectionModel::currentRowChanged, this, &MainWindow::showSelected);
    connect(model_, &SessionTableModel::droppedChanged, this, &MainWindow::updateCounts);
    connect(model_, &QAbstractItemModel::rowsInserted, this, &MainWindow::updateCounts);
    connect(proxy_, &QAbstractItemModel::layoutChanged, this, &MainWindow::updateCounts);
    layout->addWidget(table_, 1);
}

void MainWindow::buildStatusBar()
{
    connection_ = new QLabel(tr("Not connected"));
    counts_ = new QLabel;
    progress_ = new QProgressBar;
    progress_->setRange(0, 0);   // busy until the first sessions tell how far into the file we are
    progress_->setTextVisible(true);
    progress_->hide();
    cancel_ = new QPushButton(tr("Cancel"));
    cancel_->hide();
    statusBar()->addWidget(connection_, 1);
    statusBar()->addPermanentWidget(counts_);
    statusBar()->addPermanentWidget(progress_);
    statusBar()->addPermanentWidget(cancel_);
}

void MainWindow::buildMenus()
{
    QMenu *file = menuBar()->addMenu(tr("&File"));
    file->addAction(tr("&Open pcap..."), QKeySequence::Open, this, &MainWindow::showOpenDialog);
    file->addAction(tr("&Connect to daemon..."), QKeySequence(tr("Ctrl+K")), this, &MainWindow::showConnectDialog);
    file->addAction(tr("&Disconnect"), this, [this] { client_.disconnectFromDaemon(); });
    file->addSeparator();
    file->addAction(tr("&Quit"), QKeySequence::Quit, this, &QWidget::close);
    QMenu *edit = menuBar()->addMenu(tr("&Edit"));
    edit->addAction(tr("&Filter"), QKeySequence::Find, this, [this] {
        filter_->setFocus();
        filter_->selectAll();
    });
    edit->addAction(tr("&Copy row as JSON"), QKeySequence::Copy, this, &MainWindow::copyRow);
    edit->addAction(tr("C&lear table"), QKeySequence(tr("Ctrl+L")), model_, &SessionTableModel::clear);
    QMenu *view = menuBar()->addMenu(tr("&View"));
    view->addAction(tr("Extra &columns..."), this, &MainWindow::chooseColumns);
}

void MainWindow::restoreLayout()
{
    QSettings settings;
    if (!restoreGeometry(settings.value("window/geometry").toByteArray()))
        resize(1280, 800);
    restoreState(settings.value("window/state").toByteArray());
    split_->restoreState(settings.value("window/split").toByteArray());
    model_->setChosenFields(settings.value("table/chosenFields", QStringList{"http.host", "dns.host", "tls.version"})
                                .toStringList());
    table_->horizontalHeader()->restoreState(settings.value("table/header").toByteArray());
}

void MainWindow::saveLayout()
{
    QSettings settings;
    settings.setValue("window/geometry", saveGeometry());
    settings.setValue("window/state", saveState());
    settings.setValue("window/split", split_->saveState());
    settings.setValue("table/chosenFields", model_->chosenFields());
    settings.setValue("table/header", table_->horizontalHeader()->saveState());
}

void MainWindow::closeEvent(QCloseEvent *event)
{
    saveLayout();
    event->accept();
}

void MainWindow::connectToDaemon(const QUrl &url, const QString &token)
{
    replay_.abandon();
    offline_ = false;
    missed_ = 0;
    model_->clear();
    detail_->clear();
    stats_->clear();
    QSettings settings;
    settings.setValue("live/url", url.toString());
    settings.setValue("live/token", token);
    client_.connectTo(url, token);
}

void MainWindow::showConnectDialog()
{
    QSettings settings;
    ConnectDialog dialog(QUrl(settings.value("live/url", "http://127.0.0.1:8417").toString()),
                         settings.value("live/token").toString(), this);
    if (dialog.exec() == QDialog::Accepted)
        connectToDaemon(dialog.url(), dialog.token());
}

void MainWindow::showOpenDialog()
{
    QSettings settings;
    const QString pcap = QFileDialog::getOpenFileName(this, tr("Open capture"), settings.value("offline/dir").toString(),
                                                      tr("Captures (*.pcap *.pcapng *.cap);;All files (*)"));
    if (pcap.isEmpty())
        return;
    settings.setValue("offline/dir", QFileInfo(pcap).absolutePath());
    const QStringList lua = QFileDialog::getOpenFileNames(this, tr("Lua files to run (cancel for none)"),
                                                          settings.value("offline/luaDir").toString(),
                                                          tr("Lua (*.lua)"));
    if (!lua.isEmpty())
        settings.setValue("offline/luaDir", QFileInfo(lua.first()).absolutePath());
    openCapture(pcap, lua);
}

void MainWindow::openCapture(const QString &pcap, const QStringList &luaFiles)
{
    client_.disconnectFromDaemon();
    replay_.abandon();
    offline_ = true;
    model_->clear();
    detail_->clear();
    luaErrors_->clear();
    connection_->setText(tr("Replaying %1").arg(QFileInfo(pcap).fileName()));
    progress_->setRange(0, 0);
    progress_->setFormat(tr("0 sessions"));
    progress_->show();
    cancel_->setEnabled(true);
    cancel_->setText(tr("Cancel"));
    cancel_->show();
    replay_.start(pcap, luaFiles, std::max(1, QThread::idealThreadCount() / 2));
}

void MainWindow::replayFinished(const OfflineReplay::Result &result)
{
    progress_->hide();
    cancel_->hide();
    luaErrors_->setErrors(result.luaErrors);
    tabs_->setTabText(2, result.luaErrors.isEmpty() ? tr("Lua errors") : tr("Lua errors (!)"));
    QString text = result.cancelled ? tr("Replay of %1 cancelled: %2 packets read, %3 sessions")
                                          .arg(QFileInfo(replay_.pcapPath()).fileName())
                                          .arg(result.packets).arg(result.records)
                                    : tr("Replayed %1: %2 packets, %3 sessions")
                                          .arg(QFileInfo(replay_.pcapPath()).fileName())
                                          .arg(result.packets).arg(result.records);
    if (!result.errors.isEmpty())
        text += " - " + result.errors.join("; ");
    connection_->setText(text);
}

bool MainWindow::applyFilter()
{
    filterDelay_.stop();
    QString error;
    const bool ok = proxy_->setFilterExpression(filter_->text(), &error);
    filterError_->setText(ok ? QString() : tr("Invalid filter: %1").arg(error));
    filterError_->setVisible(!ok);
    updateCounts();
    return ok;
}

void MainWindow::chooseColumns()
{
    bool ok = false;
    const QString text = QInputDialog::getText(this, tr("Extra columns"), tr("Record fields, comma-separated (e.g. http.host, dns.host):"),
                                               QLineEdit::Normal, model_->chosenFields().join(", "), &ok);
    if (!ok)
        return;
    QStringList paths;
    for (const QString &p : text.split(',', Qt::SkipEmptyParts))
        paths << p.trimmed();
    model_->setChosenFields(paths);
}

QByteArray MainWindow::selectedRowJson() const
{
    const QModelIndex current = table_->selectionModel()->currentIndex();
    if (!current.isValid())
        return {};
    return model_->record(proxy_->mapToSource(current).row()).json;
}

void MainWindow::selectRow(int proxyRow)
{
    table_->selectRow(proxyRow);
    table_->selectionModel()->setCurrentIndex(proxy_->index(proxyRow, 0),
                                              QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
}

void MainWindow::copyRow()
{
    const QByteArray json = selectedRowJson();
    if (!json.isEmpty())
        QGuiApplication::clipboard()->setText(QString::fromUtf8(json));
}

void MainWindow::showSelected()
{
    const QByteArray json = selectedRowJson();
    if (json.isEmpty())
        return;
    detail_->showRecord(QJsonDocument::fromJson(json).object());
}

void MainWindow::fetchPackets(const QJsonObject &record)
{
    if (!offline_) {
        client_.fetchPackets(sessionIdOf(record));
        return;
    }
    QString error;
    const QByteArray pcap = OfflinePackets::extract(replay_.pcapPath(), record, &error);
    pcap.isEmpty() ? detail_->showPacketsError(error) : detail_->showPackets(pcap);
}

void MainWindow::updateCounts()
{
    QString text = tr("%1 sessions").arg(model_->rowCount());
    if (proxy_->rowCount() != model_->rowCount())
        text += tr(", %1 shown").arg(proxy_->rowCount());
    if (model_->dropped())
        text += tr(", %1 dropped from view").arg(model_->dropped());
    if (missed_)
        text += tr(", %1 missed (the daemon's history moved on)").arg(missed_);
    counts_->setText(text);
}

} // namespace luacap::viewer
