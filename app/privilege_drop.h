// Dropping root after the capture interfaces are open (main thread, before any thread or Lua
// state starts): Arkime's dropUser/dropGroup.
#pragma once

#include <string>

namespace luacap::app {

// Looks both names up without changing anything (for --check-config); false with *error.
bool checkDropTarget(const std::string &user, const std::string &group, std::string *error);

// Switches group (supplementary groups cleared) then user; a user without dropGroup gets the
// user's primary group. Nothing to do when both are empty. Verifies root cannot be regained.
bool dropPrivileges(const std::string &user, const std::string &group, std::string *error);

} // namespace luacap::app
