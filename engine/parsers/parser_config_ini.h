// applyParserIni: fills ParserConfig from an Arkime config.ini ([default], then the node's
// section, and the [headers-http-request], [headers-http-response], [headers-email] sections).
// Main thread, at start-up.
#pragma once

#include <string>

#include "parsers/parser_config.h"

namespace luacap::engine {

class IniFile;

void applyParserIni(const IniFile &ini, const std::string &node, ParserConfig &config);

} // namespace luacap::engine
