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

    // Registers the builtins, then the record's fixed fields (source.ip, network.vlan.id, ...)
    // as FieldFake entries: they describe what the encoder writes itself, so a custom field
    // naming one of their db paths resolves to it instead of writing a second value there.
    FieldRegistry();

    // Defines a field; returns its id. Defining an existing expression again returns the
    // existing id when the definitions agree and -1 (with error set) when they conflict.
    int define(FieldDef def, std::string *error = nullptr);

    // Arkime's definition syntax: "kind:integer;db:entropy.http;group:http;friendly:...;help:...;count:true".
    // Used by [custom-fields] (expression=definition) and Arkime.define_field.
    // As in Arkime, a db path that is already defined resolves to that field (warning set when
    // the kinds differ), and a spec without db: resolves to an existing expression.
    int defineFromSpec(const std::string &expression, const std::string &spec, std::string *error,
                       std::string *warning = nullptr);

    int idOf(std::string_view expression) const;   // -1 when unknown
    int idOfDb(std::string_view dbField) const;    // -1 when unknown
    const FieldDef &get(int id) const { return fields_.at(size_t(id)); }
    size_t size() const { return fields_.size(); }
    const std::vector<FieldDef> &all() const { return fields_; }

    // Arkime kinds luacap accepts, and the storage type of one (false when unknown).
    static bool typeOfKind(std::string_view kind, FieldType &type, uint32_t &flags);

private:
    void addFixed(const char *expression, const char *dbField, const char *kind, const char *help);
    int insert(FieldDef def);

    std::vector<FieldDef> fields_;
    std::unordered_map<std::string, int> byExpression_;
    std::unordered_map<std::string, int> byDb_;
};

} // namespace luacap::engine
