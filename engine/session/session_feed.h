// Feeding a session's payload to its observers and then to its attached parsers (packet
// thread). Observers run first so a classifier can attach a parser that still receives the
// payload which classified it; a parser that returns Done is detached and freed.
#pragma once

#include <cstdint>
#include <vector>

#include "plugin/session_observer.h"
#include "session/session.h"

namespace luacap::engine {

void feedData(Session &s, int direction, const uint8_t *data, uint32_t len,
              const std::vector<SessionObserver *> &observers);
void feedGap(Session &s, int direction, uint32_t len, const std::vector<SessionObserver *> &observers);
void feedPreSave(Session &s, bool final, const std::vector<SessionObserver *> &observers);

} // namespace luacap::engine
