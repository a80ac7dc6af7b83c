// PathValues: dotted-path values -> one nested, key-sorted JSON object, on the packet thread.
// The first record of a shape builds a plan (sorted keys, braces, commas, value slots);
// later records of that shape only splice their value texts into it.
#include "records/path_values.h"

#include <algorithm>
#include <cstring>
#include <numeric>

namespace luacap::engine {

void PathValues::clear()
{
    paths_.clear();
    values_.clear();
    entries_.clear();
    writer_.reset();
}

JsonWriter &PathValues::at(std::string_view path, std::string_view suffix)
{
    finish();
    const auto begin = uint32_t(paths_.size());
    const auto len = uint32_t(path.size() + suffix.size());
    // One append instead of three: at() runs for every value of every record.
    char joined[64];
    if (len + sizeof(len) <= sizeof(joined)) {
        std::copy(path.begin(), path.end(), joined);   // not memcpy: an empty view may be null
        std::copy(suffix.begin(), suffix.end(), joined + path.size());
        std::memcpy(joined + len, &len, sizeof(len));
        paths_.append(joined, len + sizeof(len));
    } else {
        paths_.append(path).append(suffix).append(reinterpret_cast<const char *>(&len), sizeof(len));
    }
    entries_.push_back({begin, len, uint32_t(values_.size()), 0});
    return writer_.emplace(values_);   // fresh writer: each entry holds one value
}

void PathValues::finish()
{
    if (!entries_.empty())
        entries_.back().end = uint32_t(values_.size());
}

// Orders paths as a per-level key sort would: '.' ranks below every other character, so
// "a.b.c" (key "b" of a) comes before "a.b-c" (key "b-c"). Insertion order breaks ties.
bool PathValues::less(uint32_t a, uint32_t b) const
{
    const std::string_view x = path(entries_[a]), y = path(entries_[b]);
    const size_t n = std::min(x.size(), y.size());
    for (size_t i = 0; i < n; ++i) {
        if (x[i] == y[i])
            continue;
        const auto rank = [](char c) { return c == '.' ? 0 : int(static_cast<unsigned char>(c)) + 1; };
        return rank(x[i]) < rank(y[i]);
    }
    return x.size() != y.size() ? x.size() < y.size() : a < b;
}

void PathValues::splitPath(std::string_view path)
{
    parts_.clear();
    size_t start = 0;
    for (size_t dot; (dot = path.find('.', start)) != std::string_view::npos; start = dot + 1)
        parts_.push_back(path.substr(start, dot - start));
    parts_.push_back(path.substr(start));
}

PathValues::Plan PathValues::buildPlan()
{
    std::vector<uint32_t> order(entries_.size());
    std::iota(order.begin(), order.end(), 0u);
    std::sort(order.begin(), order.end(), [this](uint32_t a, uint32_t b) { return less(a, b); });
    Plan plan;
    JsonWriter w(plan.skeleton);
    w.beginObject();
    open_.clear();
    std::string_view lastLeaf;
    for (uint32_t seq : order) {
        const std::string_view p = path(entries_[seq]);
        // A path already written as a value cannot also be (or hold) an object: first one wins.
        if (!lastLeaf.empty() && p.starts_with(lastLeaf) && (p.size() == lastLeaf.size() || p[lastLeaf.size()] == '.'))
            continue;
        splitPath(p);
        size_t common = 0;
        while (common < open_.size() && common + 1 < parts_.size() && open_[common] == parts_[common])
            ++common;
        for (; open_.size() > common; open_.pop_back())
            w.endObject();
        for (size_t i = common; i + 1 < parts_.size(); ++i) {
            w.key(parts_[i]);
            w.beginObject();
            open_.push_back(parts_[i]);
        }
        w.key(parts_.back());
        w.rawValue({});   // writes nothing but keeps the writer's comma state right
        plan.cuts.push_back({uint32_t(plan.skeleton.size()), seq});
        lastLeaf = p;
    }
    for (; !open_.empty(); open_.pop_back())
        w.endObject();
    w.endObject();
    return plan;
}

const PathValues::Plan &PathValues::planForShape()
{
    // Consecutive records mostly share a shape: one compare then, instead of hashing the paths.
    if (last_ && last_->first == paths_)
        return last_->second;
    auto it = plans_.find(std::string_view(paths_));
    if (it == plans_.end()) {
        if (plans_.size() >= kMaxShapes) {
            last_ = nullptr;
            plans_.clear();   // pathological variety: start over rather than grow
        }
        it = plans_.emplace(paths_, buildPlan()).first;
    }
    last_ = &*it;   // unordered_map nodes stay put until erased
    return it->second;
}

void PathValues::appendTo(std::string &out)
{
    finish();
    const Plan &plan = planForShape();
    // Sized once, then filled with plain copies: cheaper than an append per piece.
    const size_t start = out.size();
    out.resize(start + plan.skeleton.size() + values_.size());
    char *dst = out.data() + start;
    const char *skeleton = plan.skeleton.data();
    uint32_t pos = 0;
    for (const Plan::Cut &cut : plan.cuts) {
        std::memcpy(dst, skeleton + pos, cut.at - pos);
        dst += cut.at - pos;
        pos = cut.at;
        const Entry &e = entries_[cut.seq];
        std::memcpy(dst, values_.data() + e.begin, e.end - e.begin);
        dst += e.end - e.begin;
    }
    std::memcpy(dst, skeleton + pos, plan.skeleton.size() - pos);
    dst += plan.skeleton.size() - pos;
    out.resize(size_t(dst - out.data()));   // values dropped by the plan (duplicates) leave a gap
}

} // namespace luacap::engine
