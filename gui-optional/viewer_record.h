// ViewerRecord: one session record as the viewer keeps it: the JSON text (parsed again only
// for the detail pane), its typed columns for display, sorting and filtering, and the
// values of the user's chosen extra columns. GUI thread.
#pragma once

#include <QByteArray>
#include <QJsonObject>
#include <QStringList>

#include "records/session_row.h"

namespace luacap::viewer {

struct ViewerRecord {
    QByteArray json;
    engine::SessionRow row;
    QStringList chosen;   // one value per chosen field path, lists joined by ", "

    // False when json is not an object (such a line is skipped, not shown half-empty).
    static bool fromJson(const QByteArray &json, const QStringList &chosenPaths, ViewerRecord &out);
    static void fillRow(const QJsonObject &record, engine::SessionRow &row);
};

// The value at a dotted path ("http.host") of a record as display text.
QString valueText(const QJsonObject &record, const QString &dottedPath);

} // namespace luacap::viewer
