// DnsRecordReader implementation (packet thread). RDATA formats follow Arkime's dns.c output.
#include "parsers/dns/dns_record_reader.h"

#include <algorithm>
#include <arpa/inet.h>
#include <cstdio>

#include "parsers/dns/punycode.h"
#include "records/json_writer.h"

namespace luacap::engine {

namespace {

bool hasAce(const std::string &name)
{
    return name.find("xn--") != std::string::npos;
}

std::string lower(std::string s)
{
    for (char &c : s)
        if (c >= 'A' && c <= 'Z')
            c = char(c + 32);
    return s;
}

bool validUtf8(const std::string &s)
{
    for (size_t i = 0; i < s.size();) {
        const unsigned char c = static_cast<unsigned char>(s[i]);
        const size_t n = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : (c >> 3) == 30 ? 4 : 0;
        if (n == 0 || i + n > s.size())
            return false;
        for (size_t j = 1; j < n; ++j)
            if ((static_cast<unsigned char>(s[i + j]) & 0xc0) != 0x80)
                return false;
        i += n;
    }
    return true;
}

std::string typeText(uint16_t type)
{
    const char *n = dnsTypeName(type);
    return n ? std::string(n) : std::to_string(type);
}

} // namespace

bool dnsDecodeHost(const std::string &name, std::string &out, DnsTransaction &t, const char **badTag)
{
    if (!Punycode::hostToUnicode(name, out) || !validUtf8(out)) {
        *badTag = name.size() > 4 && hasAce(name) ? "bad-punycode" : "bad-hostname";
        return false;
    }
    if (hasAce(name))
        DnsTransaction::addUnique(t.puny, lower(name));
    return true;
}

std::string dnsIpText(const uint8_t *addr, int size)
{
    char text[64];
    if (size == 4) {
        std::snprintf(text, sizeof(text), "%u.%u.%u.%u", addr[0], addr[1], addr[2], addr[3]);
        return text;
    }
    static const uint8_t kMapped[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};
    if (std::equal(kMapped, kMapped + 12, addr))
        return dnsIpText(addr + 12, 4);
    int n = 0;
    for (int i = 0; i < 16; i += 2)
        n += std::snprintf(text + n, sizeof(text) - size_t(n), i ? ":%02x%02x" : "%02x%02x", addr[i], addr[i + 1]);
    return text;
}

bool DnsRecordReader::read(const Record &r, DnsAnswer &a, const char **badTag)
{
    switch (r.type) {
    case 1: return readAddress(r, a, 4);
    case 28: return readAddress(r, a, 16);
    case 2: return readHostTarget(r, a, "nameserver", &t_.nsHosts, 0, badTag);
    case 5: return readHostTarget(r, a, "cname", &t_.hosts, 0, badTag);
    case 15: return readHostTarget(r, a, "mx", &t_.mxHosts, 2, badTag);
    case 16: return readTxt(r, a);
    case 43: return readDs(r, a);
    case 46: return readRrsig(r, a);
    case 47: return readNsec(r, a);
    case 65: return readHttps(r, a);
    case 257: return readCaa(r, a);
    default: return true;   // SOA, PTR, SRV, ...: Arkime writes only name, type, class and ttl
    }
}

bool DnsRecordReader::readAddress(const Record &r, DnsAnswer &a, int size)
{
    if (r.rdlength != uint32_t(size))
        return false;
    const uint8_t *addr = msg_ + r.rdata;
    const std::string ip = dnsIpText(addr, size);
    char text[INET6_ADDRSTRLEN] = "";
    if (size == 16)   // an A record has only 4 bytes: never read 16 there
        inet_ntop(AF_INET6, addr, text, sizeof(text));
    // answers show IPv6 compressed; dns.ip shows it in full (Arkime's two writers differ)
    a.addString("ip", size == 4 || ip.find('.') != std::string::npos ? std::string_view(ip) : std::string_view(text));
    if (r.name == t_.queryHost || t_.contains(t_.hosts, r.name))
        DnsTransaction::addUnique(t_.ips, ip);
    if (t_.contains(t_.nsHosts, r.name))
        DnsTransaction::addUnique(t_.nsIps, ip);
    if (t_.contains(t_.mxHosts, r.name))
        DnsTransaction::addUnique(t_.mxIps, ip);
    return true;
}

bool DnsRecordReader::readHostTarget(const Record &r, DnsAnswer &a, const char *key, std::vector<std::string> *set,
                                     uint32_t skip, const char **badTag)
{
    if (r.rdlength < skip)
        return false;
    uint32_t pos = r.rdata + skip;
    std::string raw, host;
    if (!names_.read(pos, r.rdata + r.rdlength, raw) || raw.empty())
        return false;
    if (!dnsDecodeHost(raw, host, t_, badTag))
        return false;
    if (skip == 2)
        a.add("priority", std::to_string(u16(r.rdata)));
    a.addString(key, host);
    DnsTransaction::addUnique(*set, host);
    return true;
}

bool DnsRecordReader::readTxt(const Record &r, DnsAnswer &a)
{
    std::string json = "[";
    uint32_t pos = r.rdata;
    const uint32_t end = r.rdata + r.rdlength;
    if (pos >= end)
        return false;
    while (pos < end) {
        const uint32_t n = msg_[pos++];
        if (n > end - pos)
            return false;
        if (json.size() > 1)
            json += ',';
        JsonWriter::appendString(json, std::string_view(reinterpret_cast<const char *>(msg_ + pos), n));
        pos += n;
    }
    a.add("txt", json + "]");
    return true;
}

bool DnsRecordReader::readCaa(const Record &r, DnsAnswer &a)
{
    if (r.rdlength <= 3)
        return false;
    const uint8_t flags = msg_[r.rdata], tagLen = msg_[r.rdata + 1];
    if (uint32_t(tagLen) + 2 > r.rdlength)
        return false;
    const char *p = reinterpret_cast<const char *>(msg_ + r.rdata + 2);
    std::string text = "CAA " + std::to_string(flags) + " " + std::string(p, tagLen) + " " +
                       std::string(p + tagLen, r.rdlength - 2 - tagLen);
    a.addString("caa", text);
    return true;
}

bool DnsRecordReader::readHttps(const Record &r, DnsAnswer &a)
{
    if (r.rdlength < 10)
        return false;
    // Names inside SVCB RDATA are not compressed: read them relative to the RDATA.
    DnsNameReader local(msg_ + r.rdata, r.rdlength);
    uint32_t pos = 2;
    std::string name;
    if (!local.read(pos, r.rdlength, name))
        return false;
    std::string text = "HTTPS " + std::to_string(u16(r.rdata)) + " " + (name.empty() ? "." : name) + " ";
    while (r.rdlength - pos >= 4) {
        const uint16_t key = u16(r.rdata + pos), len = u16(r.rdata + pos + 2);
        pos += 4;
        if (len > r.rdlength - pos)
            break;
        const uint8_t *v = msg_ + r.rdata + pos;
        if (key == 1) {
            text += "alpn=";
            bool any = false;
            for (uint32_t i = 0; i + 1 < len;) {
                const uint32_t n = v[i++];
                if (n > len - i)
                    break;
                text.append(reinterpret_cast<const char *>(v + i), n).append(",");
                i += n;
                any = true;
            }
            if (any)
                text.pop_back();
            text += ' ';
        } else if (key == 3 && len == 2) {
            text += "port=" + std::to_string(v[0] << 8 | v[1]) + " ";
        } else if (key == 4 || key == 6) {
            text += key == 4 ? "ipv4hint=" : "ipv6hint=";
            const uint32_t size = key == 4 ? 4 : 16;
            bool any = false;
            for (uint32_t i = 0; i + size <= len; i += size, any = true) {
                char ip[INET6_ADDRSTRLEN] = "";
                inet_ntop(size == 4 ? AF_INET : AF_INET6, v + i, ip, sizeof(ip));
                text.append(ip).append(",");
            }
            if (any)
                text.pop_back();
            text += ' ';
        }
        pos += len;
    }
    text.pop_back();
    a.addString("https", text);
    return true;
}

bool DnsRecordReader::readRrsig(const Record &r, DnsAnswer &a)
{
    if (r.rdlength < 18)
        return false;
    const uint32_t d = r.rdata;
    uint32_t pos = d + 18;
    std::string signer;
    if (!names_.read(pos, d + r.rdlength, signer) || signer.empty())   // Arkime drops a root signer
        return false;
    std::string text = "RRSIG " + typeText(u16(d)) + " " + std::to_string(msg_[d + 2]) + " " +
                       std::to_string(msg_[d + 3]) + " " + std::to_string(u32(d + 4)) + " " +
                       std::to_string(u32(d + 8)) + " " + std::to_string(u32(d + 12)) + " " +
                       std::to_string(u16(d + 16)) + " " + signer;
    a.addString("rrsig", text);
    return true;
}

bool DnsRecordReader::readNsec(const Record &r, DnsAnswer &a)
{
    uint32_t pos = r.rdata;
    const uint32_t end = r.rdata + r.rdlength;
    std::string next;
    if (r.rdlength == 0 || !names_.read(pos, end, next))
        return false;
    std::string text = "NSEC " + (next.empty() ? std::string(".") : next) + " ";
    bool any = false;
    while (pos + 2 <= end) {
        const uint32_t window = msg_[pos], len = msg_[pos + 1];
        pos += 2;
        if (len > end - pos || len > 32)
            break;
        for (uint32_t i = 0; i < len * 8; ++i) {
            if (msg_[pos + i / 8] & (0x80 >> (i % 8))) {
                if (any)
                    text += ' ';
                text += typeText(uint16_t(window * 256 + i));
                any = true;
            }
        }
        pos += len;
    }
    a.addString("nsec", text);
    return true;
}

bool DnsRecordReader::readDs(const Record &r, DnsAnswer &a)
{
    if (r.rdlength <= 4)   // Arkime drops a DS without a digest
        return false;
    std::string text = "DS " + std::to_string(u16(r.rdata)) + " " + std::to_string(msg_[r.rdata + 2]) + " " +
                       std::to_string(msg_[r.rdata + 3]) + " ";
    static const char kHex[] = "0123456789ABCDEF";
    for (uint32_t i = 4; i < r.rdlength; ++i) {
        text += kHex[msg_[r.rdata + i] >> 4];
        text += kHex[msg_[r.rdata + i] & 0xf];
    }
    a.addString("ds", text);
    return true;
}

} // namespace luacap::engine
