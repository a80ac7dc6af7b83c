// RecordFilter implementation: compiles the query tree once into typed tests, so matching
// 100,000 rows does no string-to-number conversion (GUI thread).
#include "record_filter.h"

#include <QDateTime>
#include <QHostAddress>
#include <QTimeZone>
#include <charconv>
#include <vector>

#include "query/filter_parser.h"
#include "query/sql_translator.h"

namespace luacap::viewer {

using engine::CompareOp;
using engine::FilterNode;
using engine::SessionRow;

enum class Column {
    Ip, SrcIp, DstIp, Port, SrcPort, DstPort, Protocols, Tags, IpProtocol, Packets, Bytes,
    DataBytes, FirstPacket, LastPacket, Node, CommunityId
};

struct RecordFilter::Node {
    FilterNode::Kind kind = FilterNode::Kind::Compare;
    std::unique_ptr<Node> left;
    std::unique_ptr<Node> right;
    Column column = Column::Ip;
    CompareOp op = CompareOp::Eq;
    int64_t number = 0;
    std::string text;
};

namespace {
struct ColumnName {
    const char *name;
    Column column;
};
const ColumnName kColumns[] = {
    {"ip", Column::Ip}, {"ip.src", Column::SrcIp}, {"ip.dst", Column::DstIp}, {"port", Column::Port},
    {"port.src", Column::SrcPort}, {"port.dst", Column::DstPort}, {"protocol", Column::Protocols},
    {"protocols", Column::Protocols}, {"tags", Column::Tags}, {"ipProtocol", Column::IpProtocol},
    {"ip.protocol", Column::IpProtocol}, {"packets", Column::Packets}, {"bytes", Column::Bytes},
    {"databytes", Column::DataBytes}, {"dataBytes", Column::DataBytes}, {"starttime", Column::FirstPacket},
    {"firstPacket", Column::FirstPacket}, {"stoptime", Column::LastPacket}, {"lastPacket", Column::LastPacket},
    {"node", Column::Node}, {"communityId", Column::CommunityId}};

bool integer(const std::string &text, int64_t &value)
{
    const char *end = text.data() + text.size();
    auto [ptr, ec] = std::from_chars(text.data(), end, value);
    return ec == std::errc() && ptr == end;
}

int64_t protocolNumber(const std::string &v)
{
    static const struct { const char *name; int number; } kNames[] = {
        {"icmp", 1}, {"igmp", 2}, {"tcp", 6}, {"udp", 17}, {"gre", 47}, {"esp", 50}, {"icmpv6", 58}, {"sctp", 132}};
    for (const auto &p : kNames) {
        if (v == p.name)
            return p.number;
    }
    int64_t n = 0;
    integer(v, n);
    return n;
}

int64_t timeValue(const std::string &v)
{
    int64_t ms = 0;
    if (integer(v, ms))
        return ms;
    QDateTime t = QDateTime::fromString(QString::fromStdString(v), Qt::ISODateWithMs);
    if (t.timeSpec() == Qt::LocalTime)
        t.setTimeZone(QTimeZone::utc());
    return t.toMSecsSinceEpoch();
}

// Records carry IPv4 dotted and IPv6 compressed, as QHostAddress prints them.
std::string canonicalIp(const std::string &v)
{
    QHostAddress address(QString::fromStdString(v));
    bool isV4 = false;
    const quint32 v4 = address.toIPv4Address(&isV4);
    return (isV4 ? QHostAddress(v4) : address).toString().toStdString();
}

// The values were validated by SqlTranslator already; this only converts them.
void convertValue(const FilterNode &from, RecordFilter::Node &to)
{
    switch (to.column) {
    case Column::Ip: case Column::SrcIp: case Column::DstIp:
        to.text = canonicalIp(from.value);
        return;
    case Column::IpProtocol:
        to.number = protocolNumber(from.value);
        return;
    case Column::FirstPacket: case Column::LastPacket:
        to.number = timeValue(from.value);
        return;
    case Column::Port: case Column::SrcPort: case Column::DstPort: case Column::Packets: case Column::Bytes:
    case Column::DataBytes:
        integer(from.value, to.number);
        return;
    default:
        to.text = from.value;
    }
}

std::unique_ptr<RecordFilter::Node> compile(const FilterNode &from)
{
    auto to = std::make_unique<RecordFilter::Node>();
    to->kind = from.kind;
    to->op = from.op;
    if (from.left)
        to->left = compile(*from.left);
    if (from.right)
        to->right = compile(*from.right);
    if (from.kind != FilterNode::Kind::Compare)
        return to;
    for (const ColumnName &c : kColumns) {
        if (from.field == c.name)
            to->column = c.column;
    }
    convertValue(from, *to);
    return to;
}

template <typename T>
bool compareValues(const T &a, CompareOp op, const T &b)
{
    switch (op) {
    case CompareOp::Eq: return a == b;
    case CompareOp::Ne: return a != b;
    case CompareOp::Lt: return a < b;
    case CompareOp::Le: return a <= b;
    case CompareOp::Gt: return a > b;
    case CompareOp::Ge: return a >= b;
    }
    return false;
}

bool listContains(const std::string &commaList, const std::string &value)
{
    size_t start = 0;
    while (start <= commaList.size()) {
        size_t end = commaList.find(',', start);
        if (end == std::string::npos)
            end = commaList.size();
        if (commaList.compare(start, end - start, value) == 0)
            return true;
        start = end + 1;
    }
    return false;
}

// Two-sided fields (ip, port): "!=" means neither side matches, the others mean either side.
template <typename T>
bool eitherSide(const T &a, const T &b, CompareOp op, const T &v)
{
    if (op == CompareOp::Ne)
        return a != v && b != v;
    return compareValues(a, op, v) || compareValues(b, op, v);
}

bool compareRow(const RecordFilter::Node &n, const SessionRow &r)
{
    const bool eq = n.op == CompareOp::Eq;
    switch (n.column) {
    case Column::Ip: return eitherSide(r.srcIp, r.dstIp, n.op, n.text);
    case Column::SrcIp: return compareValues(r.srcIp, n.op, n.text);
    case Column::DstIp: return compareValues(r.dstIp, n.op, n.text);
    case Column::Port: return eitherSide<int64_t>(r.srcPort, r.dstPort, n.op, n.number);
    case Column::SrcPort: return compareValues<int64_t>(r.srcPort, n.op, n.number);
    case Column::DstPort: return compareValues<int64_t>(r.dstPort, n.op, n.number);
    case Column::Protocols: return listContains(r.protocols, n.text) == eq;
    case Column::Tags: return listContains(r.tags, n.text) == eq;
    case Column::IpProtocol: return compareValues<int64_t>(r.ipProtocol, n.op, n.number);
    case Column::Packets: return compareValues(r.packets, n.op, n.number);
    case Column::Bytes: return compareValues(r.bytes, n.op, n.number);
    case Column::DataBytes: return compareValues(r.dataBytes, n.op, n.number);
    case Column::FirstPacket: return compareValues(r.firstPacket, n.op, n.number);
    case Column::LastPacket: return compareValues(r.lastPacket, n.op, n.number);
    case Column::Node: return compareValues(r.node, n.op, n.text);
    case Column::CommunityId: return compareValues(r.communityId, n.op, n.text);
    }
    return false;
}

bool evaluate(const RecordFilter::Node &n, const SessionRow &row)
{
    switch (n.kind) {
    case FilterNode::Kind::And: return evaluate(*n.left, row) && evaluate(*n.right, row);
    case FilterNode::Kind::Or: return evaluate(*n.left, row) || evaluate(*n.right, row);
    case FilterNode::Kind::Not: return !evaluate(*n.left, row);
    case FilterNode::Kind::Compare: return compareRow(n, row);
    }
    return false;
}
} // namespace

RecordFilter::RecordFilter() = default;
RecordFilter::~RecordFilter() = default;
RecordFilter::RecordFilter(RecordFilter &&) noexcept = default;
RecordFilter &RecordFilter::operator=(RecordFilter &&) noexcept = default;

bool RecordFilter::setExpression(const QString &expression, QString *error)
{
    if (expression.trimmed().isEmpty()) {
        root_.reset();
        return true;
    }
    std::string message;
    engine::FilterParser parser;
    std::unique_ptr<FilterNode> tree = parser.parse(expression.toStdString(), &message);
    engine::SqlFilter unused;
    if (!tree || !engine::SqlTranslator(engine::SqlDialect::Sqlite).translate(*tree, unused, &message)) {
        if (error)
            *error = QString::fromStdString(message);
        return false;
    }
    root_ = compile(*tree);
    return true;
}

bool RecordFilter::matches(const SessionRow &row) const
{
    return !root_ || evaluate(*root_, row);
}

} // namespace luacap::viewer
