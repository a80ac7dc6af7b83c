// The explicit list of built-in parsers (no self-registering statics: a linker may drop them).
// Called once on the main thread before packet threads start.
#pragma once

#include <string>

#include "parsers/classifier_table.h"
#include "parsers/parser_config.h"

namespace luacap::engine {

class FieldRegistry;

// Registers every enabled parser's fields in registry and its classifiers in table.
// Returns false with error set when a field definition conflicts.
bool registerBuiltinParsers(const ParserConfig &config, FieldRegistry &registry, ClassifierTable &table,
                            std::string *error);

} // namespace luacap::engine
