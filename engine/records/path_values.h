// PathValues: a record's values collected under dotted paths, emitted as nested JSON objects
// with sorted keys. Used by RecordEncoder on the packet thread that saves the session; one
// instance per encoder, so its arenas and plan cache are thread-confined and reused.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "records/json_writer.h"

namespace luacap::engine {

class PathValues {
public:
    static constexpr size_t kMaxShapes = 4096;

    void clear();
    // Starts the value stored under path + suffix; write exactly one JSON value to the writer.
    JsonWriter &at(std::string_view path, std::string_view suffix = {});

    template <typename T> void put(std::string_view path, const T &v) { at(path).value(v); }
    template <typename T> void put(std::string_view path, std::string_view suffix, const T &v)
    {
        at(path, suffix).value(v);
    }
    template <typename Range> void putArray(std::string_view path, std::string_view suffix, const Range &values)
    {
        JsonWriter &w = at(path, suffix);
        w.beginArray();
        for (const auto &v : values)
            w.value(v);
        w.endArray();
    }
    template <typename Range> void putArray(std::string_view path, const Range &values) { putArray(path, {}, values); }
    // values are already JSON texts (object fields)
    template <typename Range> void putRawArray(std::string_view path, const Range &values)
    {
        JsonWriter &w = at(path);
        w.beginArray();
        for (const auto &v : values)
            w.rawValue(v);
        w.endArray();
    }

    // Appends the object holding every value. Keys are sorted at every level; when a path was
    // added twice (or under a path already holding a value) the first value wins.
    void appendTo(std::string &out);

private:
    struct Entry {
        uint32_t pathBegin, pathLen;
        uint32_t begin, end;   // value text in values_
    };
    // The output of one shape (list of paths) with the values left out: emitting a record of
    // a known shape is then a string of appends, no sorting, splitting or key escaping.
    struct Plan {
        struct Cut {
            uint32_t at;    // offset in skeleton where the value goes
            uint32_t seq;   // which entry (insertion order)
        };
        std::string skeleton;
        std::vector<Cut> cuts;
    };
    struct ShapeHash {
        using is_transparent = void;
        size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
    };

    void finish();
    std::string_view path(const Entry &e) const { return std::string_view(paths_).substr(e.pathBegin, e.pathLen); }
    bool less(uint32_t a, uint32_t b) const;
    const Plan &planForShape();
    Plan buildPlan();
    void splitPath(std::string_view path);

    // Each path followed by its length (4 bytes): the whole string identifies the shape.
    std::string paths_;
    std::string values_;
    std::optional<JsonWriter> writer_;
    std::vector<Entry> entries_;
    std::vector<std::string_view> parts_, open_;   // scratch for buildPlan
    // Records of one kind (TCP with MACs, DNS over UDP, ...) add the same paths in the same
    // order, so most records reuse a plan.
    std::unordered_map<std::string, Plan, ShapeHash, std::equal_to<>> plans_;
    const std::pair<const std::string, Plan> *last_ = nullptr;   // the plan used last, in plans_
};

} // namespace luacap::engine
