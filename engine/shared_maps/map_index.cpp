// buildMapIndex: the one place that maps a MatchKind to its index class (writer's thread).
#include "shared_maps/map_index.h"

#include "shared_maps/affix_index.h"
#include "shared_maps/exact_index.h"
#include "shared_maps/ip_index.h"
#include "shared_maps/substring_index.h"

namespace luacap::engine {

std::unique_ptr<const MapIndex> buildMapIndex(MatchKind kind, const MapEntries &entries)
{
    switch (kind) {
    case MatchKind::Exact: return std::make_unique<ExactIndex>(entries);
    case MatchKind::Prefix:
    case MatchKind::Suffix:
    case MatchKind::Domain: return std::make_unique<AffixIndex>(kind, entries);
    case MatchKind::Substring: return std::make_unique<SubstringIndex>(entries);
    case MatchKind::Ip: return std::make_unique<IpIndex>(entries);
    }
    return nullptr;
}

} // namespace luacap::engine
