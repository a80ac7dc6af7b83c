// SqlFilter: a compiled WHERE clause with `?` placeholders and its parameters, in order.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace luacap::engine {

struct SqlParam {
    bool isText = false;
    std::string text;
    int64_t number = 0;
};

struct SqlFilter {
    std::string where;              // "?" marks each parameter; no value is ever spliced in
    std::vector<SqlParam> params;
};

} // namespace luacap::engine
