// SmtpParser: SMTP session parser (packet thread). Splits each direction into bounded lines,
// follows commands (HELO/EHLO, MAIL, RCPT, AUTH, DATA, BDAT, STARTTLS) and replies, and hands
// message lines to an SmtpMessage. registerSmtpParser adds it (main thread, start-up).
#pragma once

#include <array>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "parsers/classifier_table.h"
#include "parsers/parser_config.h"
#include "parsers/smtp/smtp_fields.h"
#include "parsers/smtp/smtp_message.h"
#include "plugin/http_observer.h"
#include "plugin/session_parser.h"

namespace luacap::engine {

class FieldRegistry;

class SmtpParser final : public SessionParser {
public:
    // observers: the listeners of the session's packet thread (Session::httpObservers).
    SmtpParser(const SmtpFields &fields, const HttpObserverList *observers) : f_(fields), sink_(observers) {}
    SmtpParser(const SmtpParser &) = delete;
    SmtpParser &operator=(const SmtpParser &) = delete;

    Result onData(Session &session, int direction, const uint8_t *data, uint32_t len) override;
    Result onGap(Session &session, int direction, uint32_t len) override;

    static constexpr size_t kMaxLine = 16384;   // a longer line is cut (the rest is dropped)

private:
    enum class Mode : uint8_t {
        Command,    // command or reply lines
        Data,       // message lines until "."
        Bdat,       // bdatRemaining bytes of message
        TlsReply,   // the reply to STARTTLS; TLS follows a 2xx one
        Ignore      // TLS (or given up): not parsed
    };
    enum class Auth : uint8_t { None, Login, Plain };   // the next line carries credentials
    struct Direction {
        Mode mode = Mode::Command;
        Auth auth = Auth::None;
        bool needStatus = false;   // this side ended a message: the other side's next line is its status
        bool inBdat = false;       // a BDAT message is open (its headers were seen)
        bool bdatLast = false;
        bool resync = false;       // after a gap: drop the partial line
        uint64_t bdatRemaining = 0;
        std::string cmd, body;     // partial lines (bounded)
        std::unique_ptr<SmtpMessage> message;
    };

    size_t lineBytes(int dir, const uint8_t *data, size_t len);
    size_t bdatBytes(int dir, const uint8_t *data, size_t len);
    void lineDone(int dir, std::string_view line);
    void commandLine(int dir, std::string_view line);
    bool authCommand(int dir, std::string_view line);
    void credentials(Auth auth, std::string_view base64);
    void bdatCommand(int dir, std::string_view line);
    void dataLine(int dir, std::string_view line);
    void tlsReply(int dir, std::string_view line);
    SmtpMessage &message(int dir);
    void endMessage(int dir);
    void addStr(int field, std::string_view v);
    void addTag(std::string_view tag) { addStr(f_.tags, tag); }
    Result state() const;

    const SmtpFields &f_;
    Session *session_ = nullptr;   // valid during a call from the engine only
    std::array<Direction, 2> dirs_;
    HttpEventSink sink_;
};

// Registers the email.* fields and the SMTP classifiers (main thread, start-up).
bool registerSmtpParser(const ParserConfig &config, FieldRegistry &registry, ClassifierTable &table,
                        std::string *error);

} // namespace luacap::engine
