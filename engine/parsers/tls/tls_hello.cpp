// TlsHelloReader implementation: bounds-checked reads of hello messages (packet thread).
#include "parsers/tls/tls_hello.h"

namespace luacap::engine {

namespace {

uint16_t be16(const uint8_t *p)
{
    return uint16_t(p[0] << 8 | p[1]);
}

std::string hex(const uint8_t *p, uint32_t n)
{
    static const char kHex[] = "0123456789abcdef";
    std::string s;
    for (uint32_t i = 0; i < n; ++i) {
        s += kHex[p[i] >> 4];
        s += kHex[p[i] & 0xf];
    }
    return s;
}

// Reads a list of 16-bit values with a length prefix of prefixBytes at p.
void readU16List(const uint8_t *p, uint32_t len, uint32_t prefixBytes, std::vector<uint16_t> &out, bool dropGrease)
{
    if (len < prefixBytes)
        return;
    uint32_t n = prefixBytes == 2 ? be16(p) : p[0];
    n = n > len - prefixBytes ? len - prefixBytes : n;
    for (uint32_t i = 0; i + 1 < n; i += 2) {
        const uint16_t v = be16(p + prefixBytes + i);
        if (!dropGrease || !TlsHelloReader::isGrease(v))
            out.push_back(v);
    }
}

} // namespace

void TlsHelloReader::readExtension(uint16_t type, const uint8_t *p, uint32_t len, bool client, TlsHello &out)
{
    switch (type) {
    case 0:   // server_name: list(2) of {type(1), name(2+)}
        if (client && len >= 5 && p[2] == 0) {
            const uint32_t n = be16(p + 3);
            if (n <= len - 5)
                out.sni.assign(reinterpret_cast<const char *>(p + 5), n);
        }
        break;
    case 10:
        readU16List(p, len, 2, out.groups, true);
        break;
    case 11:
        if (len >= 1)
            for (uint32_t i = 0; i < p[0] && 1 + i < len; ++i)
                out.pointFormats.push_back(p[1 + i]);
        break;
    case 13:
        readU16List(p, len, 2, out.sigAlgs, false);
        break;
    case 16:   // ALPN: list(2) of {len(1), name}
        for (uint32_t i = 2; len >= 2 && i < len;) {
            const uint32_t n = p[i++];
            if (n > len - i)
                break;
            out.alpn.emplace_back(reinterpret_cast<const char *>(p + i), n);
            i += n;
        }
        break;
    case 43: {   // supported_versions: a list(1) from a client, one version from a server
        std::vector<uint16_t> versions;
        if (client)
            readU16List(p, len, 1, versions, true);
        else if (len >= 2)
            versions.push_back(be16(p));
        for (uint16_t v : versions)
            if (v > out.supportedVersion && !isGrease(v))
                out.supportedVersion = v;
        break;
    }
    default:
        break;
    }
}

void TlsHelloReader::readExtensions(const uint8_t *p, uint32_t len, bool client, TlsHello &out)
{
    if (len < 2)
        return;
    uint32_t end = 2 + be16(p);
    end = end > len ? len : end;
    for (uint32_t i = 2; i + 4 <= end;) {
        const uint16_t type = be16(p + i), n = be16(p + i + 2);
        i += 4;
        if (n > end - i)
            break;
        if (!isGrease(type))
            out.extensions.push_back(type);
        readExtension(type, p + i, n, client, out);
        i += n;
    }
}

bool TlsHelloReader::readClientHello(const uint8_t *p, uint32_t len, TlsHello &out)
{
    if (len < 2 + 32 + 1)
        return false;
    out.version = be16(p);
    uint32_t i = 34;
    const uint32_t sidLen = p[i++];
    if (sidLen > 32 || sidLen + 2 > len - i)
        return false;
    out.sessionId = hex(p + i, sidLen);
    i += sidLen;
    const uint32_t cipherLen = be16(p + i);
    i += 2;
    if (cipherLen > len - i)
        return false;
    for (uint32_t c = 0; c + 1 < cipherLen; c += 2)
        if (!isGrease(be16(p + i + c)))
            out.ciphers.push_back(be16(p + i + c));
    i += cipherLen;
    if (i >= len)
        return true;
    const uint32_t compLen = p[i++];
    if (compLen > len - i)
        return true;
    i += compLen;
    readExtensions(p + i, len - i, true, out);
    return true;
}

bool TlsHelloReader::readServerHello(const uint8_t *p, uint32_t len, TlsHello &out)
{
    if (len < 2 + 32 + 1)
        return false;
    out.version = be16(p);
    uint32_t i = 34;
    const uint32_t sidLen = p[i++];
    if (sidLen > 32 || sidLen + 3 > len - i)
        return false;
    out.sessionId = hex(p + i, sidLen);
    i += sidLen;
    out.ciphers.push_back(be16(p + i));
    i += 3;   // cipher suite and compression method
    if (i < len)
        readExtensions(p + i, len - i, false, out);
    return true;
}

} // namespace luacap::engine
