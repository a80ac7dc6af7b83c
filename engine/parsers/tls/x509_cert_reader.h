// X509CertReader: a minimal, bounded DER walk over one X.509 certificate that yields the
// fields of Arkime's `cert` objects (issuer/subject CN, O, OU, serial, validity, SANs, key
// algorithm and curve, SHA-1 hash). Packet thread. Written in-house rather than linking
// OpenSSL into the engine: only a dozen fields are read and every length is checked here.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace luacap::engine {

struct X509Info {
    std::string serial, hash, publicAlgorithm, curve;
    std::vector<std::string> issuerCN, issuerON, issuerOU, subjectCN, subjectON, subjectOU, alt;
    int64_t notBefore = 0, notAfter = 0;   // seconds since the epoch
    // Arkime's cert object, keys sorted; remaining* are counted from nowSeconds (packet time).
    std::string toJson(int64_t nowSeconds) const;
};

class X509CertReader {
public:
    static bool read(const uint8_t *der, uint32_t len, X509Info &out);

private:
    struct Tlv {
        uint8_t tag = 0;
        const uint8_t *value = nullptr;
        uint32_t len = 0;
    };
    // Reads the TLV at p (within end) and moves p past it.
    static bool next(const uint8_t *&p, const uint8_t *end, Tlv &out);
    static void readName(const Tlv &name, std::vector<std::string> &cn, std::vector<std::string> &on,
                         std::vector<std::string> &ou);
    static bool readTime(const Tlv &t, int64_t &out);
    static void readKeyInfo(const Tlv &spki, X509Info &out);
    static void readExtensions(const Tlv &ext, X509Info &out);
};

} // namespace luacap::engine
