// DnsTransaction JSON (packet thread, at save time) and Arkime's DNS name tables.
#include "parsers/dns/dns_transaction.h"

#include <algorithm>

#include "records/json_writer.h"

namespace luacap::engine {

namespace {

void putStrings(JsonWriter &w, const char *key, std::vector<std::string> values, bool sorted)
{
    if (values.empty())
        return;
    // Arkime writes these from hash tables (no defined order): sort for stable output.
    if (sorted)
        std::sort(values.begin(), values.end());
    w.key(key);
    w.beginArray();
    for (const std::string &v : values)
        w.value(v);
    w.endArray();
    w.key(std::string(key) + "Cnt");
    w.value(uint64_t(values.size()));
}

void putAnswer(JsonWriter &w, const DnsAnswer &a)
{
    std::vector<const std::pair<std::string, std::string> *> order;
    for (const auto &m : a.members)
        order.push_back(&m);
    std::stable_sort(order.begin(), order.end(), [](auto *x, auto *y) { return x->first < y->first; });
    w.beginObject();
    for (const auto *m : order) {
        w.key(m->first);
        w.rawValue(m->second);
    }
    w.endObject();
}

} // namespace

void DnsAnswer::addString(std::string key, std::string_view text)
{
    std::string json;
    JsonWriter::appendString(json, text);
    add(std::move(key), std::move(json));
}

void DnsTransaction::addUnique(std::vector<std::string> &set, std::string_view value)
{
    if (set.size() < kMaxValues && std::find(set.begin(), set.end(), value) == set.end())
        set.emplace_back(value);
}

bool DnsTransaction::contains(const std::vector<std::string> &set, std::string_view value) const
{
    return std::find(set.begin(), set.end(), value) != set.end();
}

void DnsTransaction::appendJson(std::string &out, bool outputAnswers) const
{
    JsonWriter w(out);
    w.beginObject();
    const bool response = rcode >= 0;
    if (response && outputAnswers && !answers.empty()) {
        w.key("answers");
        w.beginArray();
        for (const DnsAnswer &a : answers)
            putAnswer(w, a);
        w.endArray();
    }
    if (response && outputAnswers) {
        w.key("answersCnt");
        w.value(uint64_t(answers.size()));
    }
    if (headerFlags) {
        static const char *const kFlags[7] = {"AA", "TC", "RD", "RA", "Z", "AD", "CD"};
        std::vector<std::string> flags;
        for (int i = 0; i < 7; ++i)
            if (headerFlags & (1 << (6 - i)))
                flags.emplace_back(kFlags[i]);
        std::sort(flags.begin(), flags.end());
        w.key("headerFlags");
        w.beginArray();
        for (const std::string &f : flags)
            w.value(f);
        w.endArray();
    }
    putStrings(w, "host", hosts, true);
    putStrings(w, "ip", ips, false);
    putStrings(w, "mailserverHost", mxHosts, true);
    putStrings(w, "mailserverIp", mxIps, false);
    putStrings(w, "nameserverHost", nsHosts, true);
    putStrings(w, "nameserverIp", nsIps, false);
    w.key("opcode");
    w.value(dnsOpcodeName(opcode));
    putStrings(w, "puny", puny, true);
    if (const char *qc = dnsClassName(qclass)) {
        w.key("qc");
        w.value(qc);
    }
    if (const char *qt = dnsTypeName(qtype)) {
        w.key("qt");
        w.value(qt);
    }
    w.key("queryHost");
    w.value(queryHost);
    if (response) {
        w.key("status");
        w.value(dnsRcodeName(rcode));
    }
    w.endObject();
}

const char *dnsTypeName(uint16_t type)
{
    static const char *const kLow[] = {
        nullptr, "A", "NS", "MD", "MF", "CNAME", "SOA", "MB", "MG", "MR", "NULL", "WKS", "PTR", "HINFO",
        "MINFO", "MX", "TXT", "RP", "AFSDB", "X25", "ISDN", "RT", "NSAP", "NSAPPTR", "SIG", "KEY", "PX",
        "GPOS", "AAAA", "LOC", "NXT", "EID", "NIMLOC", "SRV", "ATMA", "NAPTR", "KX", "CERT", "A6", "DNAME",
        "SINK", "OPT", "APL", "DS", "SSHFP", nullptr, "RRSIG", "NSEC", "DNSKEY", "DHCID", "NSEC3",
        "NSEC3PARAM", "TLSA", nullptr, nullptr, "HIP"};
    if (type < sizeof(kLow) / sizeof(kLow[0]))
        return kLow[type];
    switch (type) {
    case 65: return "HTTPS";
    case 99: return "SPF";
    case 249: return "TKEY";
    case 250: return "TSIG";
    case 252: return "AXFR";
    case 253: return "MAILB";
    case 254: return "MAILA";
    case 255: return "ANY";
    case 257: return "CAA";
    default: return nullptr;
    }
}

const char *dnsClassName(uint16_t cls)
{
    switch (cls) {
    case 1: return "IN";
    case 2: return "CS";
    case 3: return "CH";
    case 4: return "HS";
    case 255: return "ANY";
    default: return nullptr;
    }
}

const char *dnsOpcodeName(uint8_t opcode)
{
    static const char *const kOpcodes[16] = {"QUERY", "IQUERY", "STATUS", "3", "NOTIFY", "UPDATE", "DSO Message",
                                             "7", "8", "9", "10", "11", "12", "13", "14", "15"};
    return kOpcodes[opcode & 0xf];
}

std::string dnsRcodeName(int rcode)
{
    static const char *const kRcodes[24] = {"NOERROR", "FORMERR", "SERVFAIL", "NXDOMAIN", "NOTIMPL", "REFUSED",
                                            "YXDOMAIN", "YXRRSET", "NXRRSET", "NOTAUTH", "NOTZONE", "DSOTYPENI",
                                            "12", "13", "14", "15", "BADSIG_VERS", "BADKEY", "BADTIME",
                                            "BADMODE", "BADNAME", "BADALG", "BADTRUNC", "BADCOOKIE"};
    if (rcode >= 0 && rcode < 24)
        return kRcodes[rcode];
    return std::to_string(rcode);
}

} // namespace luacap::engine
