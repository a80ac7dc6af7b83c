// ErrorLog: Lua errors raised inside callbacks, deduplicated per distinct error with a count.
// Each packet thread fills its own log; merge() folds it into the shared one when the thread
// ends (the only locked step, off the packet path).
#pragma once

#include <algorithm>
#include <atomic>
#include <climits>
#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

namespace luacap::luaapi {

class ErrorLog {
public:
    // One distinct error: "function 'NAME' at FILE:LINE: message".
    void add(const std::string &text)
    {
        ++counts_[text];
        ++total_;
        if (live_)
            live_->fetch_add(1, std::memory_order_relaxed);
    }
    // Also counts every add() into counter, which other threads may read while this log is
    // being filled (the live API's Lua error count). Set before the first add().
    void countInto(std::atomic<uint64_t> *counter) { live_ = counter; }
    // Where an error happened (session, traceback), for the report's indented lines. Of all
    // occurrences the one with the smallest order (earliest session, then packet) is kept,
    // so the report does not depend on which thread saw which session.
    struct Detail {
        std::pair<int64_t, uint64_t> order{INT64_MAX, 0};
        std::string text;
    };
    bool wantsDetail(const std::string &text, std::pair<int64_t, uint64_t> order) const
    {
        const auto it = details_.find(text);
        return it == details_.end() || order < it->second.order;
    }
    void addDetail(const std::string &text, Detail detail)
    {
        Detail &d = details_[text];
        if (detail.order < d.order || d.text.empty())
            d = std::move(detail);
    }
    // "" when none was recorded; lines separated by '\n'.
    std::string detailOf(const std::string &text) const
    {
        const auto it = details_.find(text);
        return it == details_.end() ? std::string() : it->second.text;
    }
    uint64_t total() const { return total_; }
    const std::map<std::string, uint64_t> &counts() const { return counts_; }

    void merge(const ErrorLog &other)
    {
        std::lock_guard<std::mutex> lock(mutex_);
        for (const auto &[text, n] : other.counts_)
            counts_[text] += n;
        total_ += other.total_;
        for (const auto &[text, d] : other.details_)
            addDetail(text, d);
    }

    // Lines for stderr, sorted, so the output does not depend on the thread count.
    std::vector<std::string> lines() const
    {
        std::vector<std::string> out;
        for (const auto &[text, n] : counts_)
            out.push_back("lua error: " + text + " (" + std::to_string(n) + (n == 1 ? " time)" : " times)"));
        return out;
    }

    // lines(), each followed by its detail indented by four spaces (not "luacap:" lines, so
    // tools reading the counted lines see the same text as before).
    std::vector<std::string> linesWithDetails() const
    {
        std::vector<std::string> out;
        for (const auto &[text, n] : counts_) {
            out.push_back("lua error: " + text + " (" + std::to_string(n) + (n == 1 ? " time)" : " times)"));
            std::string detail = detailOf(text);
            for (size_t start = 0; start < detail.size();) {
                const size_t end = std::min(detail.find('\n', start), detail.size());
                out.push_back("    " + detail.substr(start, end - start));
                start = end + 1;
            }
        }
        return out;
    }

private:
    std::mutex mutex_;
    std::map<std::string, uint64_t> counts_;
    std::map<std::string, Detail> details_;
    uint64_t total_ = 0;
    std::atomic<uint64_t> *live_ = nullptr;
};

} // namespace luacap::luaapi
