// headerFieldSpec implementation (main thread, start-up).
#include "parsers/http/header_field_spec.h"

#include <sstream>

namespace luacap::engine {

namespace {
// Arkime's header "type:" values name storage types; fields are defined by kind.
std::string kindOfType(const std::string &type)
{
    if (type == "integer")
        return "integer";
    if (type == "ip")
        return "ip";
    return "termfield";
}
} // namespace

std::string headerFieldSpec(const std::string &group, const std::string &db, const std::string &headerSpec)
{
    std::string kind = "termfield";
    bool count = false;
    std::stringstream in(headerSpec);
    std::string part;
    while (std::getline(in, part, ';')) {
        const size_t colon = part.find(':');
        if (colon == std::string::npos)
            continue;
        const std::string key = part.substr(0, colon), val = part.substr(colon + 1);
        if (key == "type")
            kind = kindOfType(val);
        else if (key == "kind")
            kind = val;
        else if (key == "count")
            count = val == "true";
    }
    return "kind:" + kind + ";db:" + db + ";group:" + group + (count ? ";count:true" : "");
}

} // namespace luacap::engine
