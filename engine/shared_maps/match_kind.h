// MatchKind: how a shared map compares its keys with a looked-up string (HAProxy's map
// match methods: str, beg, end, sub, dom, ip). Plain value type, any thread.
#pragma once

#include <optional>
#include <string_view>

namespace luacap::engine {

enum class MatchKind { Exact, Prefix, Suffix, Substring, Domain, Ip };

inline std::optional<MatchKind> parseMatchKind(std::string_view name)
{
    if (name == "str")
        return MatchKind::Exact;
    if (name == "beg")
        return MatchKind::Prefix;
    if (name == "end")
        return MatchKind::Suffix;
    if (name == "sub")
        return MatchKind::Substring;
    if (name == "dom")
        return MatchKind::Domain;
    if (name == "ip")
        return MatchKind::Ip;
    return std::nullopt;
}

inline const char *matchKindName(MatchKind kind)
{
    switch (kind) {
    case MatchKind::Exact: return "str";
    case MatchKind::Prefix: return "beg";
    case MatchKind::Suffix: return "end";
    case MatchKind::Substring: return "sub";
    case MatchKind::Domain: return "dom";
    case MatchKind::Ip: return "ip";
    }
    return "?";
}

} // namespace luacap::engine
