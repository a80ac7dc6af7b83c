// Helpers for comparing luacap records with Arkime's expected output (.test files):
// reading the expected session bodies, and pairing each of ours with Arkime's session.
#pragma once

#include <QJsonObject>
#include <QList>
#include <QMultiMap>
#include <QString>

namespace luacap::test {

// The sessions3 bodies of an Arkime .test file (empty when it cannot be read).
QList<QJsonObject> expectedBodies(const QString &testFile);

// A readable id of a session: "proto src:port>dst:port@firstPacket".
QString sessionId(const QJsonObject &body);

// A value as comparable text: arrays as compact JSON, numbers exactly, "(absent)" if missing.
QString text(const QJsonValue &v);

// Arkime's order-insensitive view of a session: protocol, endpoints sorted, first packet and
// segment number (mid-saves of one flow share the first packet).
QString pairKey(const QJsonObject &body);
QMultiMap<QString, QJsonObject> byPairKey(const QList<QJsonObject> &bodies);

} // namespace luacap::test
