// DetailPane: the selected session: its record as a tree, and its packets as a hex/ASCII dump
// per packet with "Save as pcap". Packets come as a pcap file, from the daemon
// (/sessions/ID/packets) or cut out of the replayed file offline. GUI thread.
#pragma once

#include <QByteArray>
#include <QJsonObject>
#include <QWidget>

class QLabel;
class QPlainTextEdit;
class QPushButton;
class QTreeWidget;

namespace luacap::viewer {

class DetailPane : public QWidget {
    Q_OBJECT
public:
    explicit DetailPane(QWidget *parent = nullptr);

    void showRecord(const QJsonObject &record);
    void clear();
    // A pcap file with the shown session's packets, or the reason there are none.
    void showPackets(const QByteArray &pcap);
    void showPacketsError(const QString &reason);
    bool saveAs(const QString &path, QString *error) const;

    QTreeWidget *tree() const { return tree_; }
    QString packetText() const;
    QJsonObject record() const { return record_; }

signals:
    // The user wants this session's packets (the window knows where to get them).
    void packetsRequested(const QJsonObject &record);

private:
    void saveClicked();

    QJsonObject record_;
    QByteArray pcap_;
    QTreeWidget *tree_;
    QPlainTextEdit *packets_;
    QLabel *packetsStatus_;
    QPushButton *fetch_;
    QPushButton *save_;
};

// The id the daemon knows a record by, for /sessions/ID/packets: "id" when the record has
// one, else its community id.
QString sessionIdOf(const QJsonObject &record);

} // namespace luacap::viewer
