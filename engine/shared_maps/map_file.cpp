// readMapFile implementation (writer's thread).
#include "shared_maps/map_file.h"

#include <cerrno>
#include <cstring>
#include <fstream>
#include <string_view>

namespace luacap::engine {

namespace {
std::string_view trim(std::string_view s)
{
    const char *blanks = " \t\r\n";
    const size_t first = s.find_first_not_of(blanks);
    if (first == std::string_view::npos)
        return {};
    return s.substr(first, s.find_last_not_of(blanks) - first + 1);
}
} // namespace

bool readMapFile(const std::string &path, MapEntries &out, std::string *error)
{
    std::ifstream in(path);
    if (!in) {
        *error = path + ": " + std::strerror(errno);
        return false;
    }
    std::string line;
    while (std::getline(in, line)) {
        const std::string_view l = trim(line);
        if (l.empty() || l[0] == '#')
            continue;
        const size_t blank = l.find_first_of(" \t");
        const std::string_view key = l.substr(0, blank);
        const std::string_view value = blank == std::string_view::npos ? std::string_view() : trim(l.substr(blank));
        out.insert_or_assign(std::string(key), std::string(value));
    }
    if (in.bad()) {
        *error = path + ": read error";
        return false;
    }
    return true;
}

} // namespace luacap::engine
