// StreamBuffer: one direction of a session's stream as a channel parser sees it: bytes not
// consumed yet, kept across packets up to a bound. Consuming moves a head offset; the
// consumed prefix is dropped once it is at least half the buffer, so consuming costs no copy
// and the buffer never holds more than twice the bound. The packet thread owning the session.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace luacap::luaapi {

class StreamBuffer {
public:
    // Appends data (after skipping what an earlier forward(n) owed); false when the unread
    // bytes would exceed maxBytes (nothing is appended then).
    bool append(std::string_view data, size_t maxBytes);
    std::string_view unread() const { return std::string_view(bytes_).substr(head_); }
    size_t size() const { return bytes_.size() - head_; }
    // Consumes n bytes (n <= size()).
    void consume(size_t n);
    // Consumes up to n bytes now and the rest from later data; returns the bytes consumed now.
    size_t forward(size_t n);
    // Offset of the first LF in unread(), or npos.
    size_t lineEnd() const { return unread().find('\n'); }
    void clear();

private:
    std::string bytes_;
    size_t head_ = 0;
    size_t skip_ = 0;   // bytes forward() consumes from data not arrived yet
};

} // namespace luacap::luaapi
