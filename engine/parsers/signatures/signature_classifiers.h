// Signature classifiers: protocols Arkime recognises from the first bytes (and sometimes the
// port) of a session without parsing further; each adds its name to `protocol`.
// Registered on the main thread; the checks run on packet threads.
#pragma once

#include <string>

#include "parsers/classifier_table.h"
#include "parsers/parser_config.h"

namespace luacap::engine {

class FieldRegistry;

bool registerSignatureClassifiers(const ParserConfig &config, FieldRegistry &registry, ClassifierTable &table,
                                  std::string *error);

} // namespace luacap::engine
