// Test helpers that run the real luacap and luacap-pcapgen executables and parse records.
#pragma once

#include <QByteArray>
#include <QJsonObject>
#include <QList>
#include <QProcess>
#include <QString>
#include <QStringList>

namespace luacap::test {

struct RunResult {
    int exitCode = -1;
    QByteArray out;
    QByteArray err;
    bool crashed = false;
};

// Runs program with args; waits up to timeoutMs.
inline RunResult runProgram(const QString &program, const QStringList &args, int timeoutMs = 300000)
{
    QProcess p;
    p.start(program, args);
    RunResult r;
    if (!p.waitForStarted()) {
        r.err = "could not start " + program.toUtf8();
        return r;
    }
    p.waitForFinished(timeoutMs);
    r.crashed = p.exitStatus() != QProcess::NormalExit;
    r.exitCode = p.exitCode();
    r.out = p.readAllStandardOutput();
    r.err = p.readAllStandardError();
    return r;
}

inline RunResult runLuacap(const QStringList &args) { return runProgram(QStringLiteral(LUACAP_BINARY), args); }
inline RunResult runPcapgen(const QStringList &args) { return runProgram(QStringLiteral(LUACAP_PCAPGEN), args); }

// Parses JSON lines; a line that is not a JSON object is returned as an empty object.
QList<QJsonObject> parseRecords(const QByteArray &jsonLines);

// Reads p's standard error into seen until it contains text, p ends or timeoutMs pass.
bool waitForStderr(QProcess &p, const QByteArray &text, QByteArray &seen, int timeoutMs);

// Sends sig to p's process, only while p runs: kill(0, ...) would signal the whole process
// group (ctest and the shell that started it) when p has already ended.
bool signalProcess(const QProcess &p, int sig);

// The non-empty lines of text, sorted: compares outputs whose order may differ (sinks, queries).
QList<QByteArray> sortedLines(const QByteArray &text);

// Value at a dotted path ("source.ip") of a record, or undefined.
QJsonValue valueAt(const QJsonObject &record, const QString &dottedPath);

} // namespace luacap::test
