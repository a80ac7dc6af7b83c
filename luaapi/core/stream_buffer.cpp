// StreamBuffer implementation (the packet thread owning the session).
#include "core/stream_buffer.h"

#include <algorithm>

namespace luacap::luaapi {

bool StreamBuffer::append(std::string_view data, size_t maxBytes)
{
    const size_t skipped = std::min(skip_, data.size());
    skip_ -= skipped;
    data.remove_prefix(skipped);
    if (size() + data.size() > maxBytes)
        return false;
    bytes_.append(data);
    return true;
}

void StreamBuffer::consume(size_t n)
{
    head_ += n;
    if (head_ == bytes_.size()) {
        bytes_.clear();
        head_ = 0;
    } else if (head_ * 2 >= bytes_.size()) {
        bytes_.erase(0, head_);
        head_ = 0;
    }
}

size_t StreamBuffer::forward(size_t n)
{
    const size_t now = std::min(n, size());
    consume(now);
    skip_ += n - now;
    return now;
}

void StreamBuffer::clear()
{
    bytes_.clear();
    bytes_.shrink_to_fit();
    head_ = 0;
    skip_ = 0;
}

} // namespace luacap::luaapi
