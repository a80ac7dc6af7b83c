// TlsFingerprints implementation (JA3: Salesforce's definition; JA4: FoxIO's JA4 spec).
#include "parsers/tls/tls_fingerprints.h"

#include <QCryptographicHash>
#include <algorithm>
#include <cstdio>

namespace luacap::engine {

namespace {

template <typename T> std::string joinDec(const std::vector<T> &v)
{
    std::string s;
    for (size_t i = 0; i < v.size(); ++i) {
        if (i)
            s += '-';
        s += std::to_string(unsigned(v[i]));
    }
    return s;
}

std::string joinHex4(const std::vector<uint16_t> &v)
{
    std::string s;
    char buf[8];
    for (size_t i = 0; i < v.size(); ++i) {
        std::snprintf(buf, sizeof(buf), "%s%04x", i ? "," : "", v[i]);
        s += buf;
    }
    return s;
}

std::string sha256Prefix(const std::string &text)
{
    if (text.empty())
        return "000000000000";
    const QByteArray h = QCryptographicHash::hash(QByteArray::fromStdString(text), QCryptographicHash::Sha256);
    return h.toHex().left(12).toStdString();
}

const char *ja4Version(uint16_t v)
{
    switch (v) {
    case 0x0304: return "13";
    case 0x0303: return "12";
    case 0x0302: return "11";
    case 0x0301: return "10";
    case 0x0300: return "s3";
    case 0x0002: return "s2";
    case 0xfeff: return "d1";
    case 0xfefd: return "d2";
    case 0xfefc: return "d3";
    default: return "00";
    }
}

bool alnum(char c)
{
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

std::string ja4Alpn(const TlsHello &c)
{
    if (c.alpn.empty() || c.alpn[0].empty())
        return "00";
    const std::string &a = c.alpn[0];
    if (alnum(a.front()) && alnum(a.back()))
        return std::string{a.front(), a.back()};
    char buf[8];   // non-alphanumeric: first hex digit of the first byte, last of the last
    std::snprintf(buf, sizeof(buf), "%02x%02x", uint8_t(a.front()), uint8_t(a.back()));
    return std::string{buf[0], buf[3]};
}

} // namespace

std::string TlsFingerprints::ja3String(const TlsHello &c)
{
    std::string s = std::to_string(c.version);
    for (const std::string &part : {joinDec(c.ciphers), joinDec(c.extensions), joinDec(c.groups), joinDec(c.pointFormats)}) {
        s += ',';
        s += part;
    }
    return s;
}

std::string TlsFingerprints::ja3sString(const TlsHello &s)
{
    return std::to_string(s.version) + "," + joinDec(s.ciphers) + "," + joinDec(s.extensions);
}

std::string TlsFingerprints::md5Hex(const std::string &text)
{
    return QCryptographicHash::hash(QByteArray::fromStdString(text), QCryptographicHash::Md5).toHex().toStdString();
}

std::string TlsFingerprints::ja4(const TlsHello &c, char transport, std::string &raw)
{
    std::vector<uint16_t> ciphers = c.ciphers, exts;
    std::sort(ciphers.begin(), ciphers.end());
    for (uint16_t e : c.extensions)
        if (e != 0x0000 && e != 0x0010)   // SNI and ALPN are counted but not hashed
            exts.push_back(e);
    std::sort(exts.begin(), exts.end());
    char head[16];
    std::snprintf(head, sizeof(head), "%c%s%c%02zu%02zu", transport,
                  ja4Version(c.supportedVersion ? c.supportedVersion : c.version), c.sni.empty() ? 'i' : 'd',
                  std::min<size_t>(c.ciphers.size(), 99), std::min<size_t>(c.extensions.size(), 99));
    std::string a = head;
    a += ja4Alpn(c);
    const std::string b = joinHex4(ciphers);
    std::string extPart = joinHex4(exts);
    if (!c.sigAlgs.empty()) {
        extPart += '_';
        extPart += joinHex4(c.sigAlgs);
    }
    raw = a;
    raw += '_';
    raw += b;
    raw += '_';
    raw += extPart;
    std::string out = a;
    out += '_';
    out += sha256Prefix(b);
    out += '_';
    out += exts.empty() ? std::string("000000000000") : sha256Prefix(extPart);
    return out;
}

} // namespace luacap::engine
