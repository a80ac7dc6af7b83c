// JsonWriter: appends JSON text to a std::string without building a tree.
// Records are written on the packet path at save time, so this avoids QJsonDocument's
// per-value allocations; tests parse its output back with QJsonDocument.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace luacap::engine {

class JsonWriter {
public:
    explicit JsonWriter(std::string &out) : out_(out) {}

    void beginObject();
    void endObject();
    void beginArray();
    void endArray();
    void key(std::string_view k);
    void value(std::string_view s);   // escaped string (invalid UTF-8 bytes become U+FFFD)
    void value(const char *s) { value(std::string_view(s)); }
    void value(int64_t v);
    void value(uint64_t v);
    void value(int v) { value(int64_t(v)); }
    void value(unsigned v) { value(uint64_t(v)); }
    void value(double v);
    void value(bool v);
    void null();

private:
    void separator();
    std::string &out_;
    bool needComma_ = false;
};

} // namespace luacap::engine
