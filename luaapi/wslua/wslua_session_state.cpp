// WsluaSessionState implementation (the packet thread owning the session).
#include "wslua/wslua_session_state.h"

#include "parsers/classifier_table.h"
#include "session/session.h"
#include "wslua/wslua_session_observer.h"

namespace luacap::luaapi::wslua {

engine::SessionParser::Result WsluaSessionState::onData(engine::Session &session, int direction,
                                                        const uint8_t *data, uint32_t len)
{
    owner_.feed(session, *this, direction, data, len);
    return Result::Continue;
}

void WsluaSessionState::onPreSave(engine::Session &session, bool final)
{
    for (auto &[name, parser] : builtins_)
        parser->onPreSave(session, final);
    owner_.preSave(session, *this);
}

engine::SessionParser *WsluaSessionState::builtin(engine::Session &s, const std::string &name, int direction,
                                                  const uint8_t *data, uint32_t len)
{
    for (auto &[n, parser] : builtins_)
        if (n == name)
            return parser.get();
    const engine::ClassifierTable *table = owner_.builtins();
    const size_t before = s.parsers.size();
    const engine::ClassifyInput in{s, direction, data, len, s.firstSrcPort, s.firstDstPort, s.key.ipProtocol == 6};
    if (!table || !table->classifyAs(name, in) || s.parsers.size() != before + 1)
        return nullptr;
    // The engine feeds the session's parsers from the raw stream: this one gets only what Lua
    // hands it. Safe inside the engine's parser loop: it walks by index and re-reads the size.
    builtins_.emplace_back(name, std::move(s.parsers.back()));
    s.parsers.pop_back();
    return builtins_.back().second.get();
}

void WsluaSessionState::dropBuiltin(const engine::SessionParser *parser)
{
    std::erase_if(builtins_, [parser](const auto &entry) { return entry.second.get() == parser; });
}

} // namespace luacap::luaapi::wslua
