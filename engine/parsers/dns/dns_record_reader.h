// DnsRecordReader: turns one resource record's RDATA into an answer of Arkime's dns object
// and adds the hosts and IPs it names to the transaction. Packet thread.
#pragma once

#include <cstdint>
#include <string>

#include "parsers/dns/dns_name_reader.h"
#include "parsers/dns/dns_transaction.h"

namespace luacap::engine {

struct Session;

class DnsRecordReader {
public:
    struct Record {
        std::string name;      // owner name, UTF-8 (or as read when not valid punycode), "<root>"
        uint16_t type = 0, cls = 0;
        uint32_t ttl = 0;
        uint32_t rdata = 0, rdlength = 0;   // offset and length in the message
    };

    DnsRecordReader(const uint8_t *message, uint32_t length, DnsTransaction &t)
        : msg_(message), len_(length), names_(message, length), t_(t) {}

    // Fills answer from record; false when Arkime would drop the record (bad RDATA or name).
    // badTag receives "bad-hostname" / "bad-punycode" when a host name does not decode.
    bool read(const Record &record, DnsAnswer &answer, const char **badTag);

private:
    bool readAddress(const Record &r, DnsAnswer &a, int size);
    bool readHostTarget(const Record &r, DnsAnswer &a, const char *key, std::vector<std::string> *set,
                        uint32_t skip, const char **badTag);
    bool readTxt(const Record &r, DnsAnswer &a);
    bool readCaa(const Record &r, DnsAnswer &a);
    bool readHttps(const Record &r, DnsAnswer &a);
    bool readRrsig(const Record &r, DnsAnswer &a);
    bool readNsec(const Record &r, DnsAnswer &a);
    bool readDs(const Record &r, DnsAnswer &a);
    uint16_t u16(uint32_t at) const { return uint16_t(msg_[at] << 8 | msg_[at + 1]); }
    uint32_t u32(uint32_t at) const { return uint32_t(u16(at)) << 16 | u16(at + 2); }

    const uint8_t *msg_;
    uint32_t len_;
    DnsNameReader names_;
    DnsTransaction &t_;
};

// Host name decoding shared by the parser: UTF-8 of name (punycode decoded); false when it
// does not decode, with *badTag set to Arkime's tag. Adds lower-cased ACE names to puny.
bool dnsDecodeHost(const std::string &name, std::string &out, DnsTransaction &t, const char **badTag);
// IPv6 text as Arkime writes dns.ip: eight 4-digit groups; IPv4-mapped as dotted quad.
std::string dnsIpText(const uint8_t *addr, int size);

} // namespace luacap::engine
