// BuiltinParsers: the SessionObserver that runs the built-in classifiers on the first payload
// of each direction of every TCP/UDP session (packet thread). The classifiers attach the
// SessionParsers that then receive the session's payload from the engine.
#pragma once

#include "parsers/classifier_table.h"
#include "plugin/session_observer.h"

namespace luacap::engine {

class BuiltinParsers final : public SessionObserver {
public:
    explicit BuiltinParsers(const ClassifierTable &table) : table_(table) {}
    void onData(Session &session, int direction, const uint8_t *data, uint32_t len) override;

private:
    const ClassifierTable &table_;
};

} // namespace luacap::engine
