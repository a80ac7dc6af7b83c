// FieldRegistry: builtin and fixed fields, definitions from FieldDefs and Arkime spec strings.
// Main thread only (start-up); packet threads read the finished registry.
#include "fields/field_registry.h"

#include <utility>

namespace luacap::engine {

namespace {

struct SpecParts {
    std::string field, kind, db, group, friendly, help;
    bool hasKind = false, hasDb = false, count = false;
};

// Keys Arkime's field definitions may carry that luacap accepts but does not use.
bool isIgnoredSpecKey(std::string_view key)
{
    static constexpr std::string_view keys[] = {"category", "transform", "shortcut", "viewerOnly",
                                                "aliases", "disabled", "noFacet", "unique",
                                                "type", "portField", "requiredRight", "fieldECS"};
    for (auto k : keys)
        if (k == key)
            return true;
    return false;
}

bool parseSpecElement(std::string_view element, SpecParts &parts, std::string *error, std::string *warning)
{
    const size_t colon = element.find(':');
    if (colon == std::string_view::npos) {
        if (element.empty())
            return true;   // ";;" and a trailing ';' are harmless
        if (error)
            *error = "element '" + std::string(element) + "' is not key:value";
        return false;
    }
    const std::string_view key = element.substr(0, colon);
    const std::string value(element.substr(colon + 1));
    if (key == "field") parts.field = value;
    else if (key == "kind") { parts.kind = value; parts.hasKind = true; }
    else if (key == "db") { parts.db = value; parts.hasDb = true; }
    else if (key == "group") parts.group = value;
    else if (key == "friendly") parts.friendly = value;
    else if (key == "help") parts.help = value;
    else if (key == "count") {
        if (value != "true" && value != "false") {
            if (error)
                *error = "count must be true or false, not '" + value + "'";
            return false;
        }
        parts.count = value == "true";
    } else if (!isIgnoredSpecKey(key) && warning) {
        *warning = "unknown key '" + std::string(key) + "' ignored";
    }
    return true;
}

bool parseSpec(const std::string &spec, SpecParts &parts, std::string *error, std::string *warning)
{
    size_t start = 0;
    while (start <= spec.size()) {
        size_t end = spec.find(';', start);
        if (end == std::string::npos)
            end = spec.size();
        if (!parseSpecElement(std::string_view(spec).substr(start, end - start), parts, error, warning))
            return false;
        start = end + 1;
    }
    return true;
}

std::string defaultGroup(const std::string &expression)
{
    const size_t dot = expression.find('.');
    return dot == std::string::npos ? std::string("general") : expression.substr(0, dot);
}

// Record paths nest on '.', so an empty segment would make an unnamed object.
bool validDbPath(const std::string &db)
{
    return !db.empty() && db.front() != '.' && db.back() != '.' && db.find("..") == std::string::npos;
}

// True when one path is an object that holds the other ("http" and "http.uri"): a record
// cannot have both a value and an object under one key.
bool nests(const std::string &outer, const std::string &inner)
{
    return inner.size() > outer.size() && inner.starts_with(outer) && inner[outer.size()] == '.';
}

bool sameDefinition(const FieldDef &a, const FieldDef &b)
{
    return a.dbField == b.dbField && a.type == b.type && a.flags == b.flags && a.kind == b.kind;
}

} // namespace

FieldRegistry::FieldRegistry()
{
    insert({-1, "protocols", "protocol", "termfield", "general", "Protocols",
            "Protocols set for session", FieldType::String, FieldCnt});
    insert({-1, "tags", "tags", "termfield", "general", "Tags", "Tags set for session",
            FieldType::String, FieldCnt});

    addFixed("ip.src", "source.ip", "ip", "Source IP");
    addFixed("port.src", "source.port", "integer", "Source port");
    addFixed("mac.src", "source.mac", "lotermfield", "Source MAC addresses");
    addFixed("bytes.src", "source.bytes", "integer", "Wire bytes sent by the source");
    addFixed("packets.src", "source.packets", "integer", "Packets sent by the source");
    addFixed("ip.dst", "destination.ip", "ip", "Destination IP");
    addFixed("port.dst", "destination.port", "integer", "Destination port");
    addFixed("mac.dst", "destination.mac", "lotermfield", "Destination MAC addresses");
    addFixed("bytes.dst", "destination.bytes", "integer", "Wire bytes sent by the destination");
    addFixed("packets.dst", "destination.packets", "integer", "Packets sent by the destination");
    addFixed("databytes.src", "client.bytes", "integer", "Payload bytes sent by the source");
    addFixed("databytes.dst", "server.bytes", "integer", "Payload bytes sent by the destination");
    addFixed("bytes", "network.bytes", "integer", "Wire bytes in both directions");
    addFixed("packets", "network.packets", "integer", "Packets in both directions");
    addFixed("databytes", "totDataBytes", "integer", "Payload bytes in both directions");
    addFixed("communityId", "network.community_id", "termfield", "Community ID v1 flow hash");
    addFixed("vlan", "network.vlan.id", "integer", "VLAN ids");
    addFixed("dot1q.id", "dot1q.id", "integer", "802.1Q VLAN ids");
    addFixed("ip.protocol", "ipProtocol", "integer", "IP protocol number");
    addFixed("etherType", "ethertype", "integer", "Innermost ethertype");
    addFixed("starttime", "firstPacket", "seconds", "First packet time (ms)");
    addFixed("stoptime", "lastPacket", "seconds", "Last packet time (ms)");
    addFixed("session.length", "length", "integer", "Session duration (ms)");
    addFixed("session.segments", "segmentCnt", "integer", "Records written for this session so far");
    addFixed("node", "node", "termfield", "Capture node name");
    addFixed("payload8.src", "srcPayload8", "lotermfield", "First 8 payload bytes from the source (hex)");
    addFixed("payload8.dst", "dstPayload8", "lotermfield", "First 8 payload bytes from the destination (hex)");
    addFixed("ttl.src", "srcTTL", "integer", "IP TTLs seen from the source");
    addFixed("ttl.dst", "dstTTL", "integer", "IP TTLs seen from the destination");
    addFixed("outerip.src", "srcOuterIp", "ip", "Tunnel source IPs");
    addFixed("outerip.dst", "dstOuterIp", "ip", "Tunnel destination IPs");
    addFixed("outermac.src", "srcOuterMac", "lotermfield", "Tunnel source MACs");
    addFixed("outermac.dst", "dstOuterMac", "lotermfield", "Tunnel destination MACs");
    addFixed("icmp.type", "icmp.type", "integer", "ICMP types");
    addFixed("icmp.code", "icmp.code", "integer", "ICMP codes");
    static constexpr const char *flags[][2] = {
        {"tcpflags.syn", "tcpflags.syn"}, {"tcpflags.syn-ack", "tcpflags.syn-ack"},
        {"tcpflags.ack", "tcpflags.ack"}, {"tcpflags.psh", "tcpflags.psh"},
        {"tcpflags.fin", "tcpflags.fin"}, {"tcpflags.rst", "tcpflags.rst"},
        {"tcpflags.urg", "tcpflags.urg"}, {"tcpflags.ece", "tcpflags.ece"},
        {"tcpflags.cwr", "tcpflags.cwr"}, {"tcpflags.ae", "tcpflags.ae"},
        {"tcpflags.src-zero", "tcpflags.srcZero"}, {"tcpflags.dst-zero", "tcpflags.dstZero"}};
    for (const auto &f : flags)
        addFixed(f[0], f[1], "integer", "TCP flag count");
}

void FieldRegistry::addFixed(const char *expression, const char *dbField, const char *kind, const char *help)
{
    FieldDef def;
    def.expression = expression;
    def.dbField = dbField;
    def.kind = kind;
    def.group = defaultGroup(def.expression);
    def.friendlyName = expression;
    def.help = help;
    uint32_t ignored = 0;
    typeOfKind(def.kind, def.type, ignored);
    def.flags = FieldFake;
    insert(std::move(def));
}

int FieldRegistry::insert(FieldDef def)
{
    def.id = int(fields_.size());
    byExpression_.emplace(def.expression, def.id);
    byDb_.emplace(def.dbField, def.id);
    fields_.push_back(std::move(def));
    return fields_.back().id;
}

bool FieldRegistry::typeOfKind(std::string_view kind, FieldType &type, uint32_t &flags)
{
    flags = 0;
    if (kind == "integer" || kind == "seconds" || kind == "date") {
        type = FieldType::Integer;
    } else if (kind == "float") {
        type = FieldType::Float;
    } else if (kind == "ip") {
        type = FieldType::Ip;
    } else if (kind == "termfield" || kind == "textfield") {
        type = FieldType::String;
    } else if (kind == "lotermfield" || kind == "lotextfield") {
        type = FieldType::String;
        flags = FieldLowercase;
    } else if (kind == "uptermfield" || kind == "uptextfield") {
        type = FieldType::String;
        flags = FieldUppercase;
    } else {
        return false;
    }
    return true;
}

int FieldRegistry::define(FieldDef def, std::string *error)
{
    if (def.expression.empty() || def.dbField.empty()) {
        if (error)
            *error = "field definition needs an expression and a db name";
        return -1;
    }
    if (!validDbPath(def.dbField)) {
        if (error)
            *error = "db name '" + def.dbField + "' has an empty path segment";
        return -1;
    }
    if (const int existing = idOf(def.expression); existing >= 0) {
        if (sameDefinition(fields_[size_t(existing)], def))
            return existing;
        if (error)
            *error = "field '" + def.expression + "' is already defined differently (db " +
                     fields_[size_t(existing)].dbField + ", kind " + fields_[size_t(existing)].kind + ")";
        return -1;
    }
    if (const int other = idOfDb(def.dbField); other >= 0) {
        if (error)
            *error = "db name '" + def.dbField + "' of field '" + def.expression +
                     "' is already used by field '" + fields_[size_t(other)].expression + "'";
        return -1;
    }
    for (const FieldDef &f : fields_) {
        if (nests(f.dbField, def.dbField) || nests(def.dbField, f.dbField)) {
            if (error)
                *error = "db name '" + def.dbField + "' of field '" + def.expression + "' collides with '" +
                         f.dbField + "' of field '" + f.expression + "'";
            return -1;
        }
    }
    if (def.group.empty())
        def.group = defaultGroup(def.expression);
    if (def.friendlyName.empty())
        def.friendlyName = def.expression;
    if (def.help.empty())
        def.help = def.expression;
    return insert(std::move(def));
}

int FieldRegistry::defineFromSpec(const std::string &expression, const std::string &spec, std::string *error,
                                  std::string *warning)
{
    SpecParts parts;
    parts.field = expression;
    std::string why;
    if (!parseSpec(spec, parts, &why, warning)) {
        if (error)
            *error = "field '" + expression + "': " + why + " in '" + spec + "'";
        return -1;
    }
    auto fail = [&](const std::string &message) {
        if (error)
            *error = "field '" + parts.field + "': " + message + " in '" + spec + "'";
        return -1;
    };
    if (parts.field.empty())
        return fail("no expression (field:)");
    if (!parts.hasDb || parts.db.empty()) {
        const int existing = idOf(parts.field);
        return existing >= 0 ? existing : fail("no db: and no existing field of that name");
    }
    if (!parts.hasKind || parts.kind.empty())
        return fail("no kind:");
    FieldDef def;
    uint32_t kindFlags = 0;
    if (!typeOfKind(parts.kind, def.type, kindFlags))
        return fail("unknown kind '" + parts.kind + "'");
    if (parts.kind.find("termfield") != std::string::npos && parts.db.ends_with("-term"))
        return fail("db name must not end with -term");
    if (const int existing = idOfDb(parts.db); existing >= 0) {
        const FieldDef &old = fields_[size_t(existing)];
        if (warning && (old.flags & FieldFake))
            *warning = "field '" + parts.field + "': db '" + parts.db + "' is a built-in record field (" +
                       old.expression + "); definition ignored";
        else if (warning && old.kind != parts.kind)
            *warning = "field '" + parts.field + "': db '" + parts.db + "' is already the " + old.kind +
                       " field '" + old.expression + "'; kind " + parts.kind + " ignored";
        return existing;
    }
    def.expression = parts.field;
    def.dbField = parts.db;
    def.kind = parts.kind;
    def.group = parts.group.empty() ? defaultGroup(parts.field) : parts.group;
    def.friendlyName = parts.friendly.empty() ? parts.field : parts.friendly;
    def.help = parts.help.empty() ? parts.field : parts.help;
    def.flags = kindFlags | (parts.count ? FieldCnt : 0u);
    std::string defineError;
    const int id = define(std::move(def), &defineError);
    return id >= 0 ? id : fail(defineError);
}

int FieldRegistry::idOf(std::string_view expression) const
{
    const auto it = byExpression_.find(std::string(expression));
    return it == byExpression_.end() ? -1 : it->second;
}

int FieldRegistry::idOfDb(std::string_view dbField) const
{
    const auto it = byDb_.find(std::string(dbField));
    return it == byDb_.end() ? -1 : it->second;
}

} // namespace luacap::engine
