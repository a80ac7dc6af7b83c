// DCE/RPC interface table: well-known MS-RPC interface UUIDs (from the Microsoft protocol
// specifications) with the names Arkime's dcerpc parser uses for them.
#include "parsers/dcerpc/dcerpc_interfaces.h"

#include <cstdio>
#include <cstring>

namespace luacap::engine {

namespace {

struct Interface {
    const char *uuid;   // canonical text form
    const char *name;
};

const Interface kInterfaces[] = {
    {"e3514235-4b06-11d1-ab04-00c04fc2dcd2", "drsuapi"},
    {"12345778-1234-abcd-ef00-0123456789ac", "samr"},
    {"12345678-1234-abcd-ef00-01234567cffb", "netlogon"},
    {"367abb81-9844-35f1-ad32-98f038001003", "svcctl"},
    {"4b324fc8-1670-01d3-1278-5a47bf6ee188", "srvsvc"},
    {"1ff70682-0a51-30e8-076d-740be8cee98b", "atsvc"},
    {"338cd001-2244-31f1-aaaa-900038001003", "winreg"},
    {"c681d488-d850-11d0-8c52-00c04fd90f7e", "efsrpc"},
    {"df1941c5-fe89-4e79-bf10-463657acf44d", "efsr"},
    {"12345778-1234-abcd-ef00-0123456789ab", "lsarpc"},
    {"6bffd098-a112-3610-9833-46c3f87e345a", "wkssvc"},
    {"3919286a-b10c-11d0-9ba8-00c04fd92ef5", "dssetup"},
    {"e1af8308-5d1f-11c9-91a4-08002b14a0fa", "epmapper"},
    {"86d35949-83c9-4044-b424-db363231fd0c", "itaskscheduler"},
    {"00000131-0000-0000-c000-000000000046", "iremunknown"},
    {"00000134-0000-0000-c000-000000000046", "iremunknown2"},
    {"000001a0-0000-0000-c000-000000000046", "isystemactivator"},
};

} // namespace

std::string dcerpcUuidText(const std::array<uint8_t, 16> &u)
{
    char text[37];
    std::snprintf(text, sizeof text, "%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x",
                  u[3], u[2], u[1], u[0], u[5], u[4], u[7], u[6], u[8], u[9], u[10], u[11], u[12], u[13], u[14], u[15]);
    return text;
}

const char *dcerpcInterfaceName(const std::array<uint8_t, 16> &uuid)
{
    const std::string text = dcerpcUuidText(uuid);
    for (const Interface &i : kInterfaces)
        if (text == i.uuid)
            return i.name;
    return nullptr;
}

} // namespace luacap::engine
