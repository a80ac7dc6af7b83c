// dissect_tcp_pdus(tvb, tree, min_header_size, get_len_func, dissect_func, [desegment]):
// Wireshark's PDU loop over a TCP chunk, on top of luacap's desegment_len/offset handling.
// The state's thread; callable only inside a dissector.
#pragma once

#include <lua.hpp>

namespace luacap::luaapi::wslua {

void registerTcpPdus(lua_State *L, int ctxIdx);

} // namespace luacap::luaapi::wslua
