// core.tcp(): LuaSocket-style client sockets for tasks (HAProxy's Socket class). Connect,
// receive and send never block the main thread: when they cannot finish, the task parks
// and the socket wakes it (TcpSocket). Registers the luacap.Socket metatable. The state's
// thread; only the main thread's tasks can use a socket.
#pragma once

#include <lua.hpp>

namespace luacap::luaapi {

// Pushes a new, unconnected socket (core.tcp's body, context already checked).
int pushNewTcpSocket(lua_State *L);
void registerLuaTcpSocket(lua_State *L);

} // namespace luacap::luaapi
