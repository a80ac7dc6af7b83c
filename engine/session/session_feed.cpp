// Session payload fan-out (packet thread).
#include "session/session_feed.h"

#include <algorithm>

namespace luacap::engine {

namespace {
// Parsers may attach further parsers while being fed, so iterate by index, then sweep.
template <typename Call>
void forEachParser(Session &s, Call call)
{
    bool anyDone = false;
    for (size_t i = 0; i < s.parsers.size(); ++i) {
        if (s.parsers[i] && call(*s.parsers[i]) == SessionParser::Result::Done) {
            s.parsers[i].reset();
            anyDone = true;
        }
    }
    if (anyDone)
        s.parsers.erase(std::remove(s.parsers.begin(), s.parsers.end(), nullptr), s.parsers.end());
}
} // namespace

void feedData(Session &s, int direction, const uint8_t *data, uint32_t len,
              const std::vector<SessionObserver *> &observers)
{
    for (SessionObserver *o : observers)
        o->onData(s, direction, data, len);
    if (!s.parsers.empty())
        forEachParser(s, [&](SessionParser &p) { return p.onData(s, direction, data, len); });
}

void feedGap(Session &s, int direction, uint32_t len, const std::vector<SessionObserver *> &observers)
{
    for (SessionObserver *o : observers)
        o->onGap(s, direction, len);
    if (!s.parsers.empty())
        forEachParser(s, [&](SessionParser &p) { return p.onGap(s, direction, len); });
}

void feedPreSave(Session &s, bool final, const std::vector<SessionObserver *> &observers)
{
    for (auto &p : s.parsers)
        p->onPreSave(s, final);
    for (SessionObserver *o : observers)
        o->onPreSave(s, final);
}

} // namespace luacap::engine
