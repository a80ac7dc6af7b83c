// Test helpers: JSON lines parsing and dotted-path lookup.
#include "support/run_luacap.h"

#include <QElapsedTimer>
#include <QJsonDocument>
#include <algorithm>
#include <signal.h>

namespace luacap::test {

QList<QJsonObject> parseRecords(const QByteArray &jsonLines)
{
    QList<QJsonObject> records;
    for (const QByteArray &line : jsonLines.split('\n')) {
        if (line.isEmpty())
            continue;
        records.append(QJsonDocument::fromJson(line).object());
    }
    return records;
}

bool signalProcess(const QProcess &p, int sig)
{
    const qint64 pid = p.processId();
    return p.state() == QProcess::Running && pid > 0 && ::kill(pid_t(pid), sig) == 0;
}

bool waitForStderr(QProcess &p, const QByteArray &text, QByteArray &seen, int timeoutMs)
{
    QElapsedTimer t;
    t.start();
    while (!seen.contains(text) && t.elapsed() < timeoutMs && p.state() == QProcess::Running) {
        p.waitForReadyRead(100);
        seen += p.readAllStandardError();
    }
    return seen.contains(text);
}

QList<QByteArray> sortedLines(const QByteArray &text)
{
    QList<QByteArray> lines = text.split('\n');
    lines.removeAll(QByteArray());
    std::sort(lines.begin(), lines.end());
    return lines;
}

QJsonValue valueAt(const QJsonObject &record, const QString &dottedPath)
{
    QJsonValue v = record;
    for (const QString &part : dottedPath.split('.')) {
        if (!v.isObject())
            return QJsonValue(QJsonValue::Undefined);
        v = v.toObject().value(part);
    }
    return v;
}

} // namespace luacap::test
