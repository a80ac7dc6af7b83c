// HttpObserver: the engine's callback interface for HTTP message events (Arkime's http_on)
// and decoded body feeds (Arkime's register_body_feed), so a plugin (the Lua host) can follow
// HTTP and SMTP without the parsers knowing it. Registered and called on one packet thread.
#pragma once

#include <algorithm>
#include <cstdint>
#include <vector>

namespace luacap::engine {

struct Session;

// Arkime's eight http_on events. Direction: 0 = request, 1 = response.
enum class HttpEvent : uint8_t {
    MessageBegin,    // data: the method on requests, empty on responses; once per message
    Url,             // data: the request target, once, before the first header
    HeaderField,     // data: the header name, lower-cased, once per header
    HeaderFieldRaw,  // data: the header name as sent
    HeaderValue,     // data: a piece of the value (a value may arrive in several pieces)
    HeadersComplete, // no data
    Body,            // data: a piece of the de-chunked, still compressed body
    MessageComplete, // no data
    Count
};

// What a body feed carries (Arkime's register_body_feed types).
enum class BodyFeed : uint8_t {
    Http,   // HTTP message bodies, de-chunked, both directions (direction as for HttpEvent)
    Smtp,   // SMTP message bodies, transfer-decoded (base64 / quoted-printable), per MIME part
    Count
};

// Continue: keep calling. StopEvent: no more calls of this event for this session (Arkime's
// callback returning -1). StopSession: no more calls of any event or feed for this session.
enum class HttpAction : uint8_t { Continue, StopEvent, StopSession };

constexpr uint32_t httpEventBit(HttpEvent e) { return 1u << unsigned(e); }
constexpr uint32_t bodyFeedBit(BodyFeed f) { return 1u << (unsigned(HttpEvent::Count) + unsigned(f)); }

class HttpObserver {
public:
    virtual ~HttpObserver() = default;
    // The httpEventBit/bodyFeedBit set this observer listens to; read when it is registered.
    virtual uint32_t wanted() const = 0;
    // data is valid only during the call; len may be 0 (MessageBegin on responses, ...).
    virtual HttpAction onHttp(Session &, HttpEvent, int /*direction*/, const uint8_t * /*data*/,
                              uint32_t /*len*/) { return HttpAction::Continue; }
    virtual HttpAction onBodyFeed(Session &, BodyFeed, int /*direction*/, const uint8_t * /*data*/,
                                  uint32_t /*len*/) { return HttpAction::Continue; }
};

// The observers registered on one packet thread, owned by that thread's SessionTable, which
// gives every session it creates a pointer to it (Session::httpObservers). Parsers are shared
// by all packet threads through the classifier tables, so they reach the listeners of the
// thread that runs them through the session they parse. Filled before the first packet.
class HttpObserverList {
public:
    static constexpr size_t kMaxObservers = 8;  // per-session "switched off" bits fit a small array

    // Returns false when the list is full or the observer is already there.
    bool add(HttpObserver *o)
    {
        if (observers_.size() >= kMaxObservers || std::find(observers_.begin(), observers_.end(), o) != observers_.end())
            return false;
        observers_.push_back(o);
        recompute();
        return true;
    }
    void remove(HttpObserver *o)
    {
        observers_.erase(std::remove(observers_.begin(), observers_.end(), o), observers_.end());
        recompute();
    }
    // Union of the observers' wanted() bits: 0 is the "no listeners" fast path.
    uint32_t wanted() const { return wanted_; }
    const std::vector<HttpObserver *> &observers() const { return observers_; }

private:
    void recompute()
    {
        wanted_ = 0;
        for (HttpObserver *o : observers_)
            wanted_ |= o->wanted();
    }
    std::vector<HttpObserver *> observers_;
    uint32_t wanted_ = 0;
};

// Per-session dispatch state: which observers switched which events off. Parsers that emit
// events own one and call through it, so the switch-off rules live in one place.
class HttpEventSink {
public:
    // list: the session's packet thread's observers (Session::httpObservers); null = none.
    explicit HttpEventSink(const HttpObserverList *list) : list_(list) {}

    bool wants(uint32_t bit) const { return list_ && (list_->wanted() & bit) != 0; }

    void event(Session &s, HttpEvent e, int direction, const uint8_t *data, uint32_t len)
    {
        dispatch(httpEventBit(e), [&](HttpObserver &o) { return o.onHttp(s, e, direction, data, len); });
    }

    void feed(Session &s, BodyFeed f, int direction, const uint8_t *data, uint32_t len)
    {
        dispatch(bodyFeedBit(f), [&](HttpObserver &o) { return o.onBodyFeed(s, f, direction, data, len); });
    }

private:
    // Calls every observer that wants bit and has not switched it off for this session.
    template <typename Call>
    void dispatch(uint32_t bit, Call call)
    {
        if (!wants(bit))
            return;
        const auto &obs = list_->observers();
        for (size_t i = 0; i < obs.size(); ++i) {
            if ((off_[i] & bit) || !(obs[i]->wanted() & bit))
                continue;
            apply(i, bit, call(*obs[i]));
        }
    }

    void apply(size_t i, uint32_t bit, HttpAction a)
    {
        if (a == HttpAction::StopEvent)
            off_[i] |= bit;
        else if (a == HttpAction::StopSession)
            off_[i] = ~0u;
    }
    const HttpObserverList *list_;
    uint32_t off_[HttpObserverList::kMaxObservers] = {};
};

} // namespace luacap::engine
