// ErrorLog: Lua errors raised inside callbacks, deduplicated per distinct error with a count.
// Each packet thread fills its own log; merge() folds it into the shared one when the thread
// ends (the only locked step, off the packet path).
#pragma once

#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <vector>

namespace luacap::luaapi {

class ErrorLog {
public:
    // One distinct error: "function 'NAME' at FILE:LINE: message".
    void add(const std::string &text) { ++counts_[text]; ++total_; }
    uint64_t total() const { return total_; }
    const std::map<std::string, uint64_t> &counts() const { return counts_; }

    void merge(const ErrorLog &other)
    {
        std::lock_guard<std::mutex> lock(mutex_);
        for (const auto &[text, n] : other.counts_)
            counts_[text] += n;
        total_ += other.total_;
    }

    // Lines for stderr, sorted, so the output does not depend on the thread count.
    std::vector<std::string> lines() const
    {
        std::vector<std::string> out;
        for (const auto &[text, n] : counts_)
            out.push_back("lua error: " + text + " (" + std::to_string(n) + (n == 1 ? " time)" : " times)"));
        return out;
    }

private:
    std::mutex mutex_;
    std::map<std::string, uint64_t> counts_;
    uint64_t total_ = 0;
};

} // namespace luacap::luaapi
