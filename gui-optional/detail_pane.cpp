// DetailPane implementation (GUI thread).
#include "detail_pane.h"

#include <QDateTime>
#include <QFile>
#include <QFileDialog>
#include <QFontDatabase>
#include <QHBoxLayout>
#include <QLabel>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSplitter>
#include <QTimeZone>
#include <QTreeWidget>
#include <QVBoxLayout>

#include "pcap_packets.h"
#include "record_tree.h"

namespace luacap::viewer {

QString sessionIdOf(const QJsonObject &record)
{
    if (record.contains("id"))
        return record.value("id").toVariant().toString();
    return record.value("network").toObject().value("community_id").toString();
}

DetailPane::DetailPane(QWidget *parent) : QWidget(parent)
{
    tree_ = new QTreeWidget;
    tree_->setObjectName("recordTree");
    packets_ = new QPlainTextEdit;
    packets_->setObjectName("packetDump");
    packets_->setReadOnly(true);
    packets_->setLineWrapMode(QPlainTextEdit::NoWrap);
    packets_->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    packetsStatus_ = new QLabel;
    fetch_ = new QPushButton(tr("Show packets"));
    save_ = new QPushButton(tr("Save as pcap..."));
    save_->setEnabled(false);
    auto *buttons = new QHBoxLayout;
    buttons->addWidget(fetch_);
    buttons->addWidget(save_);
    buttons->addWidget(packetsStatus_, 1);
    auto *packetBox = new QWidget;
    auto *packetLayout = new QVBoxLayout(packetBox);
    packetLayout->setContentsMargins(0, 0, 0, 0);
    packetLayout->addLayout(buttons);
    packetLayout->addWidget(packets_);
    auto *split = new QSplitter(Qt::Vertical);
    split->addWidget(tree_);
    split->addWidget(packetBox);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(split);
    connect(fetch_, &QPushButton::clicked, this, [this] {
        if (!record_.isEmpty()) {
            packetsStatus_->setText(tr("Fetching packets..."));
            emit packetsRequested(record_);
        }
    });
    connect(save_, &QPushButton::clicked, this, &DetailPane::saveClicked);
}

void DetailPane::showRecord(const QJsonObject &record)
{
    record_ = record;
    pcap_.clear();
    packets_->clear();
    packetsStatus_->clear();
    save_->setEnabled(false);
    RecordTree::fill(tree_, record);
}

void DetailPane::clear()
{
    showRecord({});
    tree_->clear();
}

void DetailPane::showPackets(const QByteArray &pcap)
{
    PcapPackets parsed;
    QString error;
    if (!parsed.parse(pcap, &error)) {
        showPacketsError(error);
        return;
    }
    pcap_ = pcap;
    QString text;
    for (qsizetype i = 0; i < parsed.packets.size(); ++i) {
        const CapturedPacket &p = parsed.packets[i];
        const qint64 ms = p.seconds * 1000 + (parsed.nanosecond ? p.fraction / 1000000 : p.fraction / 1000);
        text += tr("Packet %1  %2  %3 of %4 bytes\n").arg(i + 1)
                    .arg(QDateTime::fromMSecsSinceEpoch(ms, QTimeZone::utc()).toString("yyyy-MM-dd HH:mm:ss.zzz"))
                    .arg(p.data.size()).arg(p.originalLength);
        text += hexDump(p.data) + '\n';
    }
    packets_->setPlainText(text);
    packetsStatus_->setText(tr("%n packet(s)", nullptr, int(parsed.packets.size())));
    save_->setEnabled(true);
}

void DetailPane::showPacketsError(const QString &reason)
{
    pcap_.clear();
    packets_->clear();
    packetsStatus_->setText(tr("No packets: %1").arg(reason));
    save_->setEnabled(false);
}

QString DetailPane::packetText() const
{
    return packets_->toPlainText();
}

bool DetailPane::saveAs(const QString &path, QString *error) const
{
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(pcap_) != pcap_.size()) {
        *error = file.errorString();
        return false;
    }
    return true;
}

void DetailPane::saveClicked()
{
    const QString path = QFileDialog::getSaveFileName(this, tr("Save packets"), sessionIdOf(record_).replace('/', '_') + ".pcap",
                                                      tr("pcap files (*.pcap)"));
    QString error;
    if (!path.isEmpty() && !saveAs(path, &error))
        QMessageBox::warning(this, tr("Save as pcap"), tr("Cannot write %1: %2").arg(path, error));
}

} // namespace luacap::viewer
