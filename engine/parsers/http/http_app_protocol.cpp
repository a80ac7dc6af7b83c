// httpAppProtocol implementation: case-insensitive path prefixes and segments, checked from
// the most specific (NDES lives under /certsrv/) to the most general.
#include "parsers/http/http_app_protocol.h"

#include <cctype>

namespace luacap::engine {

namespace {

bool startsWithCaseless(std::string_view s, std::string_view prefix)
{
    if (s.size() < prefix.size())
        return false;
    for (size_t i = 0; i < prefix.size(); ++i)
        if (std::tolower(uint8_t(s[i])) != std::tolower(uint8_t(prefix[i])))
            return false;
    return true;
}

bool containsCaseless(std::string_view s, std::string_view needle)
{
    for (size_t i = 0; i + needle.size() <= s.size(); ++i)
        if (startsWithCaseless(s.substr(i), needle))
            return true;
    return false;
}

// An absolute-form request target (http://host/path) is reduced to its path.
std::string_view pathOnly(std::string_view target)
{
    const size_t scheme = target.find("://");
    if (scheme == std::string_view::npos || target.substr(0, scheme).find('/') != std::string_view::npos)
        return target;
    const size_t slash = target.find('/', scheme + 3);
    return slash == std::string_view::npos ? std::string_view("/") : target.substr(slash);
}

// "/wsman" exactly, or followed by '/' (WS-Management's endpoint, not "/wsmania").
bool isWsman(std::string_view path)
{
    return startsWithCaseless(path, "/wsman") && (path.size() == 6 || path[6] == '/');
}

} // namespace

const char *httpAppProtocol(std::string_view target)
{
    const std::string_view path = pathOnly(target);
    if (startsWithCaseless(path, "/certsrv/mscep/") || startsWithCaseless(path, "/certsrv/mscep_admin/"))
        return "adcs-ndes";
    if (startsWithCaseless(path, "/certsrv/") || (path.size() == 8 && startsWithCaseless(path, "/certsrv")))
        return "adcs-web";
    if (containsCaseless(path, "_CEP_") || containsCaseless(path, "/service.svc/CEP"))
        return "adcs-cep";
    if (containsCaseless(path, "_CES_") || startsWithCaseless(path, "/EnrollmentServer/"))
        return "adcs-ces";
    if (isWsman(path))
        return "winrm";
    return nullptr;
}

} // namespace luacap::engine
