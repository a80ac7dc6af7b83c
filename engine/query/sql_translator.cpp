// SqlTranslator implementation (main thread).
#include "query/sql_translator.h"

#include <QDateTime>
#include <QHostAddress>
#include <QTimeZone>
#include <charconv>

namespace luacap::engine {

namespace {
const char *sqlOp(CompareOp op)
{
    switch (op) {
    case CompareOp::Eq: return "=";
    case CompareOp::Ne: return "!=";
    case CompareOp::Lt: return "<";
    case CompareOp::Le: return "<=";
    case CompareOp::Gt: return ">";
    case CompareOp::Ge: return ">=";
    }
    return "=";
}

bool parseInteger(const std::string &text, int64_t &value)
{
    const char *end = text.data() + text.size();
    auto [ptr, ec] = std::from_chars(text.data(), end, value);
    return ec == std::errc() && ptr == end;
}

SqlParam number(int64_t n) { return SqlParam{false, {}, n}; }
SqlParam text(const std::string &s) { return SqlParam{true, s, 0}; }

bool ipProtocolNumber(const std::string &v, int64_t &n)
{
    static const struct { const char *name; int number; } kNames[] = {
        {"icmp", 1}, {"igmp", 2}, {"tcp", 6}, {"udp", 17}, {"gre", 47}, {"esp", 50},
        {"icmpv6", 58}, {"sctp", 132}};
    for (const auto &p : kNames) {
        if (v == p.name) {
            n = p.number;
            return true;
        }
    }
    return parseInteger(v, n) && n >= 0 && n <= 255;
}
} // namespace

bool SqlTranslator::bad(const FilterNode &, int position, const std::string &message)
{
    error_ = "position " + std::to_string(position) + ": " + message;
    return false;
}

bool SqlTranslator::translate(const FilterNode &root, SqlFilter &out, std::string *error)
{
    out = SqlFilter{};
    error_.clear();
    if (node(root, out))
        return true;
    if (error)
        *error = error_;
    return false;
}

bool SqlTranslator::node(const FilterNode &n, SqlFilter &out)
{
    switch (n.kind) {
    case FilterNode::Kind::Not:
        out.where += "NOT (";
        if (!node(*n.left, out))
            return false;
        out.where += ")";
        return true;
    case FilterNode::Kind::And:
    case FilterNode::Kind::Or:
        out.where += "(";
        if (!node(*n.left, out))
            return false;
        out.where += n.kind == FilterNode::Kind::And ? " AND " : " OR ";
        if (!node(*n.right, out))
            return false;
        out.where += ")";
        return true;
    case FilterNode::Kind::Compare:
        return compare(n, out);
    }
    return false;
}

bool SqlTranslator::compare(const FilterNode &n, SqlFilter &out)
{
    const std::string &f = n.field;
    if (f == "ip") return ipColumns(n, "srcIp", "dstIp", out);
    if (f == "ip.src") return ipColumns(n, "srcIp", nullptr, out);
    if (f == "ip.dst") return ipColumns(n, "dstIp", nullptr, out);
    if (f == "port") return portColumns(n, "srcPort", "dstPort", out);
    if (f == "port.src") return portColumns(n, "srcPort", nullptr, out);
    if (f == "port.dst") return portColumns(n, "dstPort", nullptr, out);
    if (f == "protocol" || f == "protocols") return listColumn(n, "protocols", out);
    if (f == "tags") return listColumn(n, "tags", out);
    if (f == "ipProtocol" || f == "ip.protocol") return numberColumn(n, "ipProtocol", out);
    if (f == "packets") return numberColumn(n, "packets", out);
    if (f == "bytes") return numberColumn(n, "bytes", out);
    if (f == "databytes" || f == "dataBytes") return numberColumn(n, "dataBytes", out);
    if (f == "starttime" || f == "firstPacket") return timeColumn(n, "firstPacket", out);
    if (f == "stoptime" || f == "lastPacket") return timeColumn(n, "lastPacket", out);
    if (f == "node") return textColumn(n, "node", out);
    if (f == "communityId") return textColumn(n, "communityId", out);
    return bad(n, n.position, "unknown field '" + f + "' (known: ip, ip.src, ip.dst, port, port.src, port.dst, "
               "protocol, tags, ipProtocol, packets, bytes, databytes, starttime, stoptime, node, communityId)");
}

bool SqlTranslator::numberColumn(const FilterNode &n, const char *column, SqlFilter &out)
{
    int64_t v = 0;
    const bool ok = std::string(column) == "ipProtocol" ? ipProtocolNumber(n.value, v) : parseInteger(n.value, v);
    if (!ok)
        return bad(n, n.valuePosition, "'" + n.field + "' needs a number, not '" + n.value + "'");
    out.where += std::string(column) + " " + sqlOp(n.op) + " ?";
    out.params.push_back(number(v));
    return true;
}

// Milliseconds since the epoch, or an ISO 8601 date/time (UTC unless it carries an offset).
bool SqlTranslator::timeColumn(const FilterNode &n, const char *column, SqlFilter &out)
{
    int64_t ms = 0;
    if (!parseInteger(n.value, ms)) {
        QDateTime t = QDateTime::fromString(QString::fromStdString(n.value), Qt::ISODateWithMs);
        if (!t.isValid())
            return bad(n, n.valuePosition, "'" + n.field + "' needs milliseconds or an ISO time like "
                       "\"2023-11-14T22:13:20\", not '" + n.value + "'");
        if (t.timeSpec() == Qt::LocalTime)
            t.setTimeZone(QTimeZone::utc());
        ms = t.toMSecsSinceEpoch();
    }
    out.where += std::string(column) + " " + sqlOp(n.op) + " ?";
    out.params.push_back(number(ms));
    return true;
}

bool SqlTranslator::eitherColumn(const FilterNode &n, const char *a, const char *b, const SqlParam &p, SqlFilter &out)
{
    if (n.op != CompareOp::Eq && n.op != CompareOp::Ne && b) {
        out.where += std::string("(") + a + " " + sqlOp(n.op) + " ? OR " + b + " " + sqlOp(n.op) + " ?)";
        out.params.push_back(p);
        out.params.push_back(p);
        return true;
    }
    if (!b) {
        out.where += std::string(a) + " " + sqlOp(n.op) + " ?";
        out.params.push_back(p);
        return true;
    }
    // "ip != x" means neither side is x (Arkime's reading), so it is NOT (ip == x).
    out.where += std::string(n.op == CompareOp::Ne ? "NOT " : "") + "(" + a + " = ? OR " + b + " = ?)";
    out.params.push_back(p);
    out.params.push_back(p);
    return true;
}

bool SqlTranslator::ipColumns(const FilterNode &n, const char *a, const char *b, SqlFilter &out)
{
    QHostAddress address;
    if (!address.setAddress(QString::fromStdString(n.value)))
        return bad(n, n.valuePosition, "'" + n.value + "' is not an IP address");
    if (n.op != CompareOp::Eq && n.op != CompareOp::Ne)
        return bad(n, n.valuePosition - 1, "'" + n.field + "' can only be compared with == or !=");
    bool isV4 = false;
    const quint32 v4 = address.toIPv4Address(&isV4);
    // Records write IPv4 dotted and IPv6 compressed, as QHostAddress does.
    const std::string canonical = (isV4 ? QHostAddress(v4) : address).toString().toStdString();
    return eitherColumn(n, a, b, text(canonical), out);
}

bool SqlTranslator::portColumns(const FilterNode &n, const char *a, const char *b, SqlFilter &out)
{
    int64_t v = 0;
    if (!parseInteger(n.value, v) || v < 0 || v > 65535)
        return bad(n, n.valuePosition, "'" + n.field + "' needs a port number from 0 to 65535, not '" + n.value + "'");
    return eitherColumn(n, a, b, number(v), out);
}

bool SqlTranslator::listColumn(const FilterNode &n, const char *column, SqlFilter &out)
{
    if (n.op != CompareOp::Eq && n.op != CompareOp::Ne)
        return bad(n, n.valuePosition - 1, "'" + n.field + "' can only be compared with == or !=");
    const std::string c = column;
    const std::string contains = dialect_ == SqlDialect::Sqlite
        ? "instr(',' || " + c + " || ',', ',' || ? || ',') > 0"
        : "position(concat(',', " + c + ", ','), concat(',', ?, ',')) > 0";
    out.where += (n.op == CompareOp::Ne ? "NOT " : "") + contains;
    out.params.push_back(text(n.value));
    return true;
}

bool SqlTranslator::textColumn(const FilterNode &n, const char *column, SqlFilter &out)
{
    if (n.op != CompareOp::Eq && n.op != CompareOp::Ne)
        return bad(n, n.valuePosition - 1, "'" + n.field + "' can only be compared with == or !=");
    out.where += std::string(column) + " " + sqlOp(n.op) + " ?";
    out.params.push_back(text(n.value));
    return true;
}

std::string SqlTranslator::inlineClickHouse(const SqlFilter &filter)
{
    std::string sql;
    size_t next = 0;
    for (char c : filter.where) {
        if (c != '?' || next >= filter.params.size()) {
            sql += c;
            continue;
        }
        const SqlParam &p = filter.params[next++];
        if (!p.isText) {
            sql += std::to_string(p.number);
            continue;
        }
        sql += '\'';
        for (char ch : p.text) {
            if (ch == '\'' || ch == '\\')
                sql += '\\';
            sql += ch;
        }
        sql += '\'';
    }
    return sql;
}

} // namespace luacap::engine
