// FilterNode: the syntax tree of a `luacap query` filter expression (main thread).
#pragma once

#include <memory>
#include <string>

namespace luacap::engine {

enum class CompareOp { Eq, Ne, Lt, Le, Gt, Ge };

struct FilterNode {
    enum class Kind { And, Or, Not, Compare };
    Kind kind = Kind::Compare;
    std::unique_ptr<FilterNode> left;    // And, Or, Not
    std::unique_ptr<FilterNode> right;   // And, Or
    // Compare: field op value. position is the 1-based column of the field, valuePosition of the value.
    std::string field;
    CompareOp op = CompareOp::Eq;
    std::string value;
    int position = 0;
    int valuePosition = 0;
};

} // namespace luacap::engine
