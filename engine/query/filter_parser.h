// FilterParser: turns a filter expression (`ip == 10.0.0.1 && protocol == http`) into a
// FilterNode tree. Grammar: or := and ('||' and)*; and := unary ('&&' unary)*;
// unary := '!' unary | '(' or ')' | FIELD OP VALUE. Values are bare words or "quoted".
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "query/filter_node.h"

namespace luacap::engine {

class FilterParser {
public:
    // Returns the tree, or null with *error naming the 1-based position ("position 7: ...").
    std::unique_ptr<FilterNode> parse(const std::string &text, std::string *error);

private:
    enum class Tok { Word, String, Op, LParen, RParen, And, Or, Not, End };
    struct Token {
        Tok type;
        std::string text;
        int position;
    };

    bool tokenize(const std::string &text);
    bool lexOperator(const std::string &text, size_t &i);
    bool lexString(const std::string &text, size_t &i);
    std::unique_ptr<FilterNode> parseOr();
    std::unique_ptr<FilterNode> parseAnd();
    std::unique_ptr<FilterNode> parseUnary();
    std::unique_ptr<FilterNode> parseCompare();
    const Token &peek() const { return tokens_[next_]; }
    std::unique_ptr<FilterNode> fail(int position, const std::string &message);

    std::vector<Token> tokens_;
    size_t next_ = 0;
    std::string error_;
};

} // namespace luacap::engine
