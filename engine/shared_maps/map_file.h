// readMapFile: parses an HAProxy-style map or ACL file (the writer's thread, at init).
// One entry per line: the key up to the first blank, then the value (the rest of the line,
// trimmed; empty for ACL files). Blank lines and lines starting with '#' are skipped.
#pragma once

#include <string>

#include "shared_maps/map_index.h"

namespace luacap::engine {

// False with "PATH: reason" when the file cannot be read.
bool readMapFile(const std::string &path, MapEntries &out, std::string *error);

} // namespace luacap::engine
