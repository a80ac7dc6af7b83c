// registerBuiltinParsers: one line per parser; add new parsers here (main thread, start-up).
#include "parsers/register_parsers.h"

#include <algorithm>

#include "fields/field_registry.h"
#include "parsers/dns/dns_parser.h"
#include "parsers/tls/tls_parser.h"
#include "parsers/signatures/signature_classifiers.h"
#include "parsers/http/http_parser.h"
#include "parsers/smtp/smtp_parser.h"
#include "parsers/socks/socks_parser.h"
#include "parsers/dcerpc/dcerpc_bind_parser.h"

namespace luacap::engine {

bool registerBuiltinParsers(const ParserConfig &config, FieldRegistry &registry, ClassifierTable &table,
                            std::string *error)
{
    if (!config.enabled)
        return true;
    struct Entry {
        const char *name;
        bool (*registerFn)(const ParserConfig &, FieldRegistry &, ClassifierTable &, std::string *);
    };
    static const Entry kParsers[] = {
        // {"http", registerHttpParser},   -- parsers add themselves to this list
        {"dns", registerDnsParser},
        {"tls", registerTlsParser},
        {"signatures", registerSignatureClassifiers},
        {"http", registerHttpParser},
        {"smtp", registerSmtpParser},
        {"socks", registerSocksParser},
        {"dcerpc", registerDcerpcParser},
    };
    for (const Entry &p : kParsers) {
        if (std::find(config.disabled.begin(), config.disabled.end(), p.name) != config.disabled.end())
            continue;
        if (!p.registerFn(config, registry, table, error))
            return false;
    }
    return true;
}

} // namespace luacap::engine
