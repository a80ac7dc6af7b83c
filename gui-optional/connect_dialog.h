// ConnectDialog: asks for the daemon's live API address and token (File > Connect).
// GUI thread.
#pragma once

#include <QDialog>
#include <QUrl>

class QLineEdit;

namespace luacap::viewer {

class ConnectDialog : public QDialog {
    Q_OBJECT
public:
    ConnectDialog(const QUrl &url, const QString &token, QWidget *parent = nullptr);
    QUrl url() const;
    QString token() const;

private:
    QLineEdit *url_;
    QLineEdit *token_;
};

} // namespace luacap::viewer
