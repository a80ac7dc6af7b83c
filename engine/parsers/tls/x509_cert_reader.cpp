// X509CertReader implementation (packet thread).
#include "parsers/tls/x509_cert_reader.h"

#include <QCryptographicHash>
#include <algorithm>
#include <cstring>
#include <ctime>

#include "records/json_writer.h"

namespace luacap::engine {

namespace {

constexpr size_t kMaxValues = 128;

bool oidIs(const uint8_t *v, uint32_t len, std::initializer_list<uint8_t> oid)
{
    return len == oid.size() && std::equal(oid.begin(), oid.end(), v);
}

std::string lower(std::string s)
{
    for (char &c : s)
        if (c >= 'A' && c <= 'Z')
            c = char(c + 32);
    return s;
}

void putStrings(JsonWriter &w, const char *key, const std::vector<std::string> &v, bool count)
{
    if (v.empty())
        return;
    w.key(key);
    w.beginArray();
    for (const std::string &s : v)
        w.value(s);
    w.endArray();
    if (count) {
        w.key(std::string(key) + "Cnt");
        w.value(uint64_t(v.size()));
    }
}

int digits(const uint8_t *p, int n)
{
    int v = 0;
    for (int i = 0; i < n; ++i) {
        if (p[i] < '0' || p[i] > '9')
            return -1;
        v = v * 10 + (p[i] - '0');
    }
    return v;
}

} // namespace

bool X509CertReader::next(const uint8_t *&p, const uint8_t *end, Tlv &out)
{
    if (end - p < 2)
        return false;
    out.tag = p[0];
    uint32_t len = p[1];
    const uint8_t *v = p + 2;
    if (len & 0x80) {
        const uint32_t n = len & 0x7f;
        if (n == 0 || n > 4 || uint32_t(end - v) < n)
            return false;
        len = 0;
        for (uint32_t i = 0; i < n; ++i)
            len = len << 8 | v[i];
        v += n;
    }
    if (uint32_t(end - v) < len)
        return false;
    out.value = v;
    out.len = len;
    p = v + len;
    return true;
}

void X509CertReader::readName(const Tlv &name, std::vector<std::string> &cn, std::vector<std::string> &on,
                              std::vector<std::string> &ou)
{
    const uint8_t *p = name.value, *end = name.value + name.len;
    Tlv set;
    while (next(p, end, set)) {
        const uint8_t *q = set.value, *qend = set.value + set.len;
        Tlv atv;
        while (next(q, qend, atv)) {
            const uint8_t *r = atv.value, *rend = atv.value + atv.len;
            Tlv oid, value;
            if (!next(r, rend, oid) || !next(r, rend, value) || oid.tag != 0x06)
                continue;
            const std::string text(reinterpret_cast<const char *>(value.value), value.len);
            if (oidIs(oid.value, oid.len, {0x55, 0x04, 0x03}) && cn.size() < kMaxValues)
                cn.push_back(lower(text));   // Arkime lower-cases common names
            else if (oidIs(oid.value, oid.len, {0x55, 0x04, 0x0a}) && on.size() < kMaxValues)
                on.push_back(text);
            else if (oidIs(oid.value, oid.len, {0x55, 0x04, 0x0b}) && ou.size() < kMaxValues)
                ou.push_back(text);
        }
    }
}

bool X509CertReader::readTime(const Tlv &t, int64_t &out)
{
    const bool utc = t.tag == 0x17;
    const int yearDigits = utc ? 2 : 4;
    if ((t.tag != 0x17 && t.tag != 0x18) || t.len < uint32_t(yearDigits + 10))
        return false;
    const uint8_t *p = t.value;
    int year = digits(p, yearDigits);
    if (utc)
        year += year < 50 ? 2000 : 1900;
    p += yearDigits;
    std::tm tm{};
    tm.tm_year = year - 1900;
    tm.tm_mon = digits(p, 2) - 1;
    tm.tm_mday = digits(p + 2, 2);
    tm.tm_hour = digits(p + 4, 2);
    tm.tm_min = digits(p + 6, 2);
    tm.tm_sec = digits(p + 8, 2);
    if (year < 0 || tm.tm_mon < 0 || tm.tm_mday < 0 || tm.tm_hour < 0 || tm.tm_min < 0 || tm.tm_sec < 0)
        return false;
    out = int64_t(timegm(&tm));
    // A "+hhmm"/"-hhmm" suffix (not DER, but seen) gives local time: convert to UTC.
    const uint8_t *zone = p + 10;
    if (zone + 5 <= t.value + t.len && (zone[0] == '+' || zone[0] == '-')) {
        const int hh = digits(zone + 1, 2), mm = digits(zone + 3, 2);
        if (hh >= 0 && mm >= 0)
            out += (zone[0] == '+' ? -1 : 1) * int64_t(hh * 3600 + mm * 60);
    }
    return true;
}

void X509CertReader::readKeyInfo(const Tlv &spki, X509Info &out)
{
    const uint8_t *p = spki.value, *end = spki.value + spki.len;
    Tlv alg, oid, param;
    if (!next(p, end, alg))
        return;
    const uint8_t *q = alg.value, *qend = alg.value + alg.len;
    if (!next(q, qend, oid) || oid.tag != 0x06)
        return;
    if (oidIs(oid.value, oid.len, {0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x01}))
        out.publicAlgorithm = "rsaEncryption";
    else if (oidIs(oid.value, oid.len, {0x2a, 0x86, 0x48, 0xce, 0x3d, 0x02, 0x01}))
        out.publicAlgorithm = "id-ecPublicKey";
    else if (oidIs(oid.value, oid.len, {0x2a, 0x86, 0x48, 0xce, 0x38, 0x04, 0x01}))
        out.publicAlgorithm = "dsaEncryption";
    else if (oidIs(oid.value, oid.len, {0x2b, 0x65, 0x70}))
        out.publicAlgorithm = "ED25519";
    if (!next(q, qend, param) || param.tag != 0x06)
        return;
    if (oidIs(param.value, param.len, {0x2a, 0x86, 0x48, 0xce, 0x3d, 0x03, 0x01, 0x07}))
        out.curve = "prime256v1";
    else if (oidIs(param.value, param.len, {0x2b, 0x81, 0x04, 0x00, 0x22}))
        out.curve = "secp384r1";
    else if (oidIs(param.value, param.len, {0x2b, 0x81, 0x04, 0x00, 0x23}))
        out.curve = "secp521r1";
}

void X509CertReader::readExtensions(const Tlv &wrapper, X509Info &out)
{
    const uint8_t *w = wrapper.value, *wend = wrapper.value + wrapper.len;
    Tlv list, ext;
    if (!next(w, wend, list))
        return;
    const uint8_t *p = list.value, *end = list.value + list.len;
    while (next(p, end, ext)) {
        const uint8_t *q = ext.value, *qend = ext.value + ext.len;
        Tlv oid, v;
        if (!next(q, qend, oid) || !oidIs(oid.value, oid.len, {0x55, 0x1d, 0x11}))
            continue;
        while (next(q, qend, v) && v.tag != 0x04) {   // skip "critical"
        }
        if (v.tag != 0x04)
            continue;
        const uint8_t *s = v.value, *send = v.value + v.len;
        Tlv names, gn;
        if (!next(s, send, names))
            continue;
        const uint8_t *g = names.value, *gend = names.value + names.len;
        while (next(g, gend, gn))
            if (gn.tag == 0x82 && out.alt.size() < kMaxValues)
                out.alt.push_back(lower(std::string(reinterpret_cast<const char *>(gn.value), gn.len)));
    }
}

bool X509CertReader::read(const uint8_t *der, uint32_t len, X509Info &out)
{
    const uint8_t *p = der, *end = der + len;
    Tlv cert, tbs, f;
    if (!next(p, end, cert) || cert.tag != 0x30)
        return false;
    const uint8_t *c = cert.value, *cend = cert.value + cert.len;
    if (!next(c, cend, tbs) || tbs.tag != 0x30)
        return false;
    const uint8_t *t = tbs.value, *tend = tbs.value + tbs.len;
    if (!next(t, tend, f))
        return false;
    if (f.tag == 0xa0 && !next(t, tend, f))   // explicit version
        return false;
    static const char kHex[] = "0123456789abcdef";
    for (uint32_t i = 0; i < f.len && i < 64; ++i)
        out.serial.append({kHex[f.value[i] >> 4], kHex[f.value[i] & 0xf]});
    Tlv sigAlg, issuer, validity, subject, spki;
    if (!next(t, tend, sigAlg) || !next(t, tend, issuer) || !next(t, tend, validity) || !next(t, tend, subject) ||
        !next(t, tend, spki))
        return false;
    readName(issuer, out.issuerCN, out.issuerON, out.issuerOU);
    readName(subject, out.subjectCN, out.subjectON, out.subjectOU);
    const uint8_t *v = validity.value, *vend = validity.value + validity.len;
    Tlv nb, na;
    if (next(v, vend, nb) && next(v, vend, na)) {
        readTime(nb, out.notBefore);
        readTime(na, out.notAfter);
    }
    readKeyInfo(spki, out);
    while (next(t, tend, f))
        if (f.tag == 0xa3)
            readExtensions(f, out);
    const QByteArray sha1 = QCryptographicHash::hash(
        QByteArray::fromRawData(reinterpret_cast<const char *>(der), int(p - der)), QCryptographicHash::Sha1);
    for (int i = 0; i < sha1.size(); ++i) {
        const uint8_t b = uint8_t(sha1[i]);
        out.hash.append(i ? ":" : "").append({kHex[b >> 4], kHex[b & 0xf]});
    }
    return true;
}

std::string X509Info::toJson(int64_t now) const
{
    std::string out;
    JsonWriter w(out);
    w.beginObject();
    putStrings(w, "alt", alt, true);
    if (!curve.empty()) {
        w.key("curve");
        w.value(curve);
    }
    w.key("hash");
    w.value(hash);
    putStrings(w, "issuerCN", issuerCN, false);
    putStrings(w, "issuerON", issuerON, false);
    putStrings(w, "issuerOU", issuerOU, false);
    w.key("notAfter");
    w.value(notAfter * 1000);
    w.key("notBefore");
    w.value(notBefore * 1000);
    if (!publicAlgorithm.empty()) {
        w.key("publicAlgorithm");
        w.value(publicAlgorithm);
    }
    w.key("remainingDays");
    w.value((notAfter - now) / 86400);
    w.key("remainingSeconds");
    w.value(notAfter - now);
    w.key("serial");
    w.value(serial);
    putStrings(w, "subjectCN", subjectCN, false);
    putStrings(w, "subjectON", subjectON, false);
    putStrings(w, "subjectOU", subjectOU, false);
    w.key("validDays");
    w.value((notAfter - notBefore) / 86400);
    w.key("validSeconds");
    w.value(notAfter - notBefore);
    w.endObject();
    return out;
}

} // namespace luacap::engine
