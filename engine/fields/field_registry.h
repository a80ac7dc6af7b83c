// FieldRegistry: every field luacap knows, built-in and defined by config or Lua.
// Filled at start-up on the main thread, then shared read-only with packet threads.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "fields/field_def.h"

namespace luacap::engine {

class FieldRegistry {
public:
    // Ids of the fields every session may carry, registered by the constructor.
    enum Builtin : int { Protocol = 0, Tags = 1, BuiltinCount };

    FieldRegistry();

    // Defines a field; returns its id. Defining an existing expression again returns the
    // existing id when the definitions agree and -1 (with error set) when they conflict.
    int define(FieldDef def, std::string *error = nullptr);

    // Arkime's definition syntax: "kind:integer;db:entropy.http;group:http;friendly:...;help:...;count:true".
    // Used by [custom-fields] (expression=definition) and Arkime.define_field.
    int defineFromSpec(const std::string &expression, const std::string &spec, std::string *error);

    int idOf(std::string_view expression) const;   // -1 when unknown
    const FieldDef &get(int id) const { return fields_.at(size_t(id)); }
    size_t size() const { return fields_.size(); }
    const std::vector<FieldDef> &all() const { return fields_; }

private:
    std::vector<FieldDef> fields_;
    std::unordered_map<std::string, int> byExpression_;
};

} // namespace luacap::engine
