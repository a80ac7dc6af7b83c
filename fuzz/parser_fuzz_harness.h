// ParserFuzzHarness: the packet thread's classify -> parse -> save path for fuzz targets.
// Registers a set of built-in parsers once (every option on, so every code path is reachable),
// then plays one FuzzInput per call as a session and encodes its record. One thread.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>

#include "fields/field_registry.h"
#include "parsers/builtin_parsers.h"
#include "parsers/classifier_table.h"
#include "parsers/parser_config.h"
#include "records/record_encoder.h"

namespace luacap::fuzz {

using RegisterFn = bool (*)(const engine::ParserConfig &, engine::FieldRegistry &, engine::ClassifierTable &,
                            std::string *);

class ParserFuzzHarness {
public:
    enum class Transport { Tcp, Udp, FromInput };   // FromInput: header flag bit 0 set = TCP

    struct Ports {
        uint16_t source = 0, destination = 0;   // 0: take the port from the input header
    };

    // registerFns: null-terminated list of parsers to register.
    ParserFuzzHarness(const RegisterFn *registerFns, Transport transport, Ports ports);

    void run(const uint8_t *data, size_t size);

    // Arkime's options all switched on (sha256, every header, answers, JA3 strings, JA4_r ...).
    static engine::ParserConfig fullConfig();

private:
    engine::FieldRegistry registry_;
    engine::ClassifierTable table_;
    std::unique_ptr<engine::BuiltinParsers> classifier_;
    std::unique_ptr<engine::RecordEncoder> encoder_;
    Transport transport_;
    Ports ports_;
};

} // namespace luacap::fuzz
