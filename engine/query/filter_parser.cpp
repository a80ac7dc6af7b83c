// FilterParser implementation: a hand-written tokenizer and recursive descent (main thread).
#include "query/filter_parser.h"

#include <cctype>

namespace luacap::engine {

namespace {
bool isWordChar(char c)
{
    return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '.' || c == ':' || c == '/' ||
           c == '-' || c == '+';
}

std::unique_ptr<FilterNode> binary(FilterNode::Kind kind, std::unique_ptr<FilterNode> l, std::unique_ptr<FilterNode> r)
{
    auto node = std::make_unique<FilterNode>();
    node->kind = kind;
    node->left = std::move(l);
    node->right = std::move(r);
    return node;
}

bool compareOp(const std::string &text, CompareOp &op)
{
    static const struct { const char *text; CompareOp op; } kOps[] = {
        {"==", CompareOp::Eq}, {"!=", CompareOp::Ne}, {"<", CompareOp::Lt},
        {"<=", CompareOp::Le}, {">", CompareOp::Gt}, {">=", CompareOp::Ge}};
    for (const auto &o : kOps) {
        if (text == o.text) {
            op = o.op;
            return true;
        }
    }
    return false;
}
} // namespace

std::unique_ptr<FilterNode> FilterParser::fail(int position, const std::string &message)
{
    if (error_.empty())
        error_ = "position " + std::to_string(position) + ": " + message;
    return nullptr;
}

bool FilterParser::lexString(const std::string &text, size_t &i)
{
    const int start = int(i) + 1;
    std::string value;
    for (++i; i < text.size() && text[i] != '"'; ++i) {
        if (text[i] == '\\' && i + 1 < text.size())
            ++i;
        value += text[i];
    }
    if (i >= text.size()) {
        fail(start, "unterminated string");
        return false;
    }
    ++i;
    tokens_.push_back({Tok::String, value, start});
    return true;
}

bool FilterParser::lexOperator(const std::string &text, size_t &i)
{
    const int pos = int(i) + 1;
    const std::string two = text.substr(i, 2);
    if (two == "&&" || two == "||" || two == "==" || two == "!=" || two == "<=" || two == ">=") {
        tokens_.push_back({two == "&&" ? Tok::And : two == "||" ? Tok::Or : Tok::Op, two, pos});
        i += 2;
        return true;
    }
    const char c = text[i];
    const Tok type = c == '(' ? Tok::LParen : c == ')' ? Tok::RParen : c == '!' ? Tok::Not
                   : (c == '<' || c == '>') ? Tok::Op : Tok::End;
    if (type == Tok::End) {
        fail(pos, c == '=' ? "use == to compare" : std::string("unexpected character '") + c + "'");
        return false;
    }
    tokens_.push_back({type, std::string(1, c), pos});
    ++i;
    return true;
}

bool FilterParser::tokenize(const std::string &text)
{
    size_t i = 0;
    while (i < text.size()) {
        if (std::isspace(static_cast<unsigned char>(text[i]))) {
            ++i;
        } else if (text[i] == '"') {
            if (!lexString(text, i))
                return false;
        } else if (isWordChar(text[i])) {
            const size_t start = i;
            while (i < text.size() && isWordChar(text[i]))
                ++i;
            tokens_.push_back({Tok::Word, text.substr(start, i - start), int(start) + 1});
        } else if (!lexOperator(text, i)) {
            return false;
        }
    }
    tokens_.push_back({Tok::End, "", int(text.size()) + 1});
    return true;
}

std::unique_ptr<FilterNode> FilterParser::parse(const std::string &text, std::string *error)
{
    tokens_.clear();
    next_ = 0;
    error_.clear();
    std::unique_ptr<FilterNode> root;
    if (tokenize(text)) {
        if (peek().type == Tok::End)
            fail(peek().position, "empty expression");
        else
            root = parseOr();
        if (root && peek().type != Tok::End)
            root = fail(peek().position, "unexpected '" + peek().text + "'");
    }
    if (!root && error)
        *error = error_;
    return root;
}

std::unique_ptr<FilterNode> FilterParser::parseOr()
{
    auto left = parseAnd();
    while (left && peek().type == Tok::Or) {
        ++next_;
        auto right = parseAnd();
        if (!right)
            return nullptr;
        left = binary(FilterNode::Kind::Or, std::move(left), std::move(right));
    }
    return left;
}

std::unique_ptr<FilterNode> FilterParser::parseAnd()
{
    auto left = parseUnary();
    while (left && peek().type == Tok::And) {
        ++next_;
        auto right = parseUnary();
        if (!right)
            return nullptr;
        left = binary(FilterNode::Kind::And, std::move(left), std::move(right));
    }
    return left;
}

std::unique_ptr<FilterNode> FilterParser::parseUnary()
{
    const Token &t = peek();
    if (t.type == Tok::Not) {
        ++next_;
        auto inner = parseUnary();
        return inner ? binary(FilterNode::Kind::Not, std::move(inner), nullptr) : nullptr;
    }
    if (t.type == Tok::LParen) {
        ++next_;
        auto inner = parseOr();
        if (!inner)
            return nullptr;
        if (peek().type != Tok::RParen)
            return fail(peek().position, "expected ')'");
        ++next_;
        return inner;
    }
    return parseCompare();
}

std::unique_ptr<FilterNode> FilterParser::parseCompare()
{
    const Token field = peek();
    if (field.type != Tok::Word)
        return fail(field.position, field.type == Tok::End ? "expected a field name at the end" : "expected a field name, not '" + field.text + "'");
    ++next_;
    const Token op = peek();
    auto node = std::make_unique<FilterNode>();
    if (op.type != Tok::Op || !compareOp(op.text, node->op))
        return fail(op.position, "expected ==, !=, <, <=, > or >= after '" + field.text + "'");
    ++next_;
    const Token value = peek();
    if (value.type != Tok::Word && value.type != Tok::String)
        return fail(value.position, "expected a value after '" + op.text + "'");
    ++next_;
    node->field = field.text;
    node->value = value.text;
    node->position = field.position;
    node->valuePosition = value.position;
    return node;
}

} // namespace luacap::engine
