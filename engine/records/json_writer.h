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
    void value(long long v) { value(int64_t(v)); }
    void value(unsigned long long v) { value(uint64_t(v)); }
    void value(double v);             // shortest text that reads back as v; NaN/Inf become null
    void value(bool v);
    void null();
    // Inserts already-encoded JSON (one value) as the next value.
    void rawValue(std::string_view json);

    // Appends s as a quoted, escaped JSON string.
    static void appendString(std::string &out, std::string_view s);

private:
    void separator()
    {
        if (needComma_)
            out_ += ',';
    }
    void appendUnsigned(uint64_t v, bool negative);
    std::string &out_;
    bool needComma_ = false;
};

} // namespace luacap::engine
