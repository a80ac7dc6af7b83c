// dropUser/dropGroup: getpwnam/getgrnam lookups and setgroups/setgid/setuid (main thread).
#include "privilege_drop.h"

#include <cerrno>
#include <cstring>
#include <grp.h>
#include <pwd.h>
#include <unistd.h>

namespace luacap::app {

namespace {
struct Target {
    bool hasUser = false, hasGroup = false;
    uid_t uid = 0;
    gid_t gid = 0;
};

bool lookUp(const std::string &user, const std::string &group, Target &t, std::string *error)
{
    if (!user.empty()) {
        const passwd *pw = getpwnam(user.c_str());
        if (!pw)
            return *error = "dropUser=" + user + ": no such user", false;
        t.hasUser = true;
        t.uid = pw->pw_uid;
        t.gid = pw->pw_gid;
        t.hasGroup = true;
    }
    if (!group.empty()) {
        const struct group *gr = getgrnam(group.c_str());
        if (!gr)
            return *error = "dropGroup=" + group + ": no such group", false;
        t.hasGroup = true;
        t.gid = gr->gr_gid;
    }
    return true;
}

std::string failure(const char *call)
{
    return std::string(call) + " failed: " + std::strerror(errno);
}
} // namespace

bool checkDropTarget(const std::string &user, const std::string &group, std::string *error)
{
    Target t;
    return lookUp(user, group, t, error);
}

bool dropPrivileges(const std::string &user, const std::string &group, std::string *error)
{
    Target t;
    if (!lookUp(user, group, t, error))
        return false;
    if (t.hasGroup) {
        if (setgroups(1, &t.gid) != 0)
            return *error = failure("setgroups"), false;
        if (setgid(t.gid) != 0)
            return *error = failure("setgid"), false;
    }
    if (t.hasUser) {
        if (setuid(t.uid) != 0)
            return *error = failure("setuid"), false;
        if (t.uid != 0 && setuid(0) == 0)
            return *error = "dropUser=" + user + ": root could be regained after setuid", false;
    }
    return true;
}

} // namespace luacap::app
