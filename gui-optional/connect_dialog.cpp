// ConnectDialog implementation (GUI thread).
#include "connect_dialog.h"

#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>

namespace luacap::viewer {

ConnectDialog::ConnectDialog(const QUrl &url, const QString &token, QWidget *parent) : QDialog(parent)
{
    setWindowTitle(tr("Connect to a luacap daemon"));
    url_ = new QLineEdit(url.toString());
    url_->setPlaceholderText("http://127.0.0.1:8417");
    token_ = new QLineEdit(token);
    token_->setEchoMode(QLineEdit::PasswordEchoOnEdit);
    token_->setPlaceholderText(tr("the daemon's apiToken (empty if it has none)"));
    auto *hint = new QLabel(tr("A daemon on another machine: tunnel its port with\n"
                               "ssh -L 8417:127.0.0.1:8417 sensor, then connect to http://127.0.0.1:8417"));
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel);
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    auto *form = new QFormLayout(this);
    form->addRow(tr("API URL"), url_);
    form->addRow(tr("Token"), token_);
    form->addRow(hint);
    form->addRow(buttons);
}

QUrl ConnectDialog::url() const
{
    return QUrl::fromUserInput(url_->text().trimmed());
}

QString ConnectDialog::token() const
{
    return token_->text().trimmed();
}

} // namespace luacap::viewer
