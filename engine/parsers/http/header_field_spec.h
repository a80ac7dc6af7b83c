// headerFieldSpec: turns an Arkime [headers-*] entry ("type:string;count:true;unique:true")
// into a field definition spec for FieldRegistry::defineFromSpec. Main thread, start-up.
#pragma once

#include <string>

namespace luacap::engine {

// group: "http" / "email"; db: the record path the values go to (e.g. "http.request-referer").
std::string headerFieldSpec(const std::string &group, const std::string &db, const std::string &headerSpec);

} // namespace luacap::engine
