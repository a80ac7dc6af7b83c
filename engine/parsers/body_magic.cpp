// bodyMagic implementation. The checks and their order follow Arkime's basic magic list
// (parsers.c), including its quirks: some checks look at bytes without a length guard there;
// here every comparison is bounded by len.
#include "parsers/body_magic.h"

#include <algorithm>
#include <cctype>
#include <cstring>

namespace luacap::engine {

namespace {

struct Bytes {
    const uint8_t *data;
    size_t len;

    // needle at offset (the needle fits).
    bool at(size_t off, std::string_view needle) const
    {
        return off + needle.size() <= len && std::memcmp(data + off, needle.data(), needle.size()) == 0;
    }
    // needle at offset with at least one byte after it (Arkime's *_LEN variants).
    bool atLen(size_t off, std::string_view needle) const { return len > off + needle.size() && at(off, needle); }
    bool caseAt(size_t off, std::string_view needle) const
    {
        if (off + needle.size() > len)
            return false;
        for (size_t i = 0; i < needle.size(); ++i)
            if (std::tolower(data[off + i]) != std::tolower(uint8_t(needle[i])))
                return false;
        return true;
    }
    bool caseAtLen(size_t off, std::string_view needle) const { return len > off + needle.size() && caseAt(off, needle); }
    // needle anywhere from offset (with room past it, as Arkime's MAGIC_MEMSTR_LEN).
    bool contains(size_t off, std::string_view needle) const
    {
        if (len <= off + needle.size())
            return false;
        return memmem(data + off, len - off, needle.data(), needle.size()) != nullptr;  // glibc: vectorised
    }
    uint8_t operator[](size_t i) const { return i < len ? data[i] : 0; }
};

using namespace std::string_view_literals;

std::string_view markup(const Bytes &b)
{
    switch (b[1]) {
    case '!':
        if (b.caseAtLen(0, "<!doctype html"))
            return "text/html";
        if (b.caseAtLen(0, "<!doctype svg"))
            return "text/svg+xml";
        break;
    case '?':
        if (b.caseAt(0, "<?xml"))
            return b.contains(5, "<svg") ? "image/svg+xml" : "text/xml";
        if (b.caseAtLen(2, "php") || b.caseAtLen(2, " php"))
            return "text/x-php";
        break;
    case 'B': case 'b':
        if (b.caseAt(0, "<body"))
            return "text/html";
        break;
    case 'H': case 'h':
        if (b.caseAt(0, "<head") || b.caseAt(0, "<html"))
            return "text/html";
        break;
    case 'S': case 's':
        if (b.caseAt(0, "<svg"))
            return "image/svg";
        break;
    }
    return {};
}

std::string_view script(const Bytes &b)
{
    if (b.contains(3, "node"))
        return "application/javascript";
    if (b.contains(3, "perl"))
        return "text/x-perl";
    if (b.contains(3, "ruby"))
        return "text/x-ruby";
    if (b.contains(3, "python"))
        return "text/x-python";
    return "text/x-shellscript";
}

std::string_view ogg(const Bytes &b)
{
    if (b.at(28, "Speex   ") || b.at(29, "FLAC") || b.at(28, "\001vorbis"))
        return "audio/ogg";
    if (b.at(28, "\x80theora"))
        return "video/ogg";
    return {};
}

// Signatures keyed on the first byte.
std::string_view byFirstByte(const Bytes &b)
{
    switch (b[0]) {
    case 0:
        if (b.len > 10 && b.at(4, "ftyp")) {
            if (b.at(8, "qt"))
                return "video/quicktime";
            if (b.at(8, "3g"))
                return "video/3gpp";
        } else if (b.at(0, "\0\1\0\0\0"sv)) {
            return "application/x-font-ttf";
        }
        break;
    case 0x1a:
        if (b.at(0, "\x1a\x45\xdf\xa3")) {
            if (b.contains(4, "webm"))
                return "video/webm";
            if (b.contains(4, "matroska"))
                return "video/x-matroska";
        }
        break;
    case 0x1f:
        if (b[1] == 0x8b)
            return "application/x-gzip";
        if (b[1] == 0x9d)
            return "application/x-compress";
        break;
    case '#':
        if (b[1] == '!')
            return script(b);
        break;
    case '%':
        if (b.at(0, "%PDF-"))
            return "application/pdf";
        break;
    case '<':
        return markup(b);
    case '{':
        if (b[1] == '"' && std::isalpha(b[2]))
            return "application/json";
        break;
    case '8':
        if (b.at(0, "8BPS"))
            return "image/vnd.adobe.photoshop";
        break;
    case 'B':
        if (b[1] == 'M')
            return "application/x-ms-bmp";
        if (b.at(0, "BZh"))
            return "application/x-bzip2";
        break;
    case 'C':
        if (b.at(0, "CWS"))
            return "application/x-shockwave-flash";
        break;
    case 'F':
        if (b.at(0, "FLV\001"))
            return "video/x-flv";
        break;
    case 'G':
        if (b.at(0, "GIF8"))
            return "image/gif";
        break;
    case 'i':
        if (b.at(0, "icns"))
            return "image/x-icns";
        break;
    case 'I':
        if (b.at(0, "ID3"))
            return "audio/mpeg";
        break;
    case 'M':
        if (b[1] == 'Z')
            return "application/x-dosexec";
        if (b.atLen(0, "MSCF\0\0"sv))
            return "application/vnd.ms-cab-compressed";
        break;
    case 'O':
        if (b.len > 40 && b.at(0, "OggS"))
            return ogg(b);
        if (b.at(0, "OTTO"))
            return "application/vnd.ms-opentype";
        break;
    case 'P':
        if (b.at(0, "PK\003\004") || b.at(0, "PK\005\006") || b.atLen(0, "PK\007\010PK"))
            return "application/zip";
        break;
    case 'R':
        if (b.at(0, "RIFF"))
            return "audio/x-wav";
        if (b.at(0, "Rar!\x1a"))
            return "application/x-rar";
        break;
    case 'W':
        if (b.at(0, "WAVE"))
            return "audio/x-wav";
        break;
    case 'd':
        if (b.atLen(0, "d8:announce"))
            return "application/x-bittorrent";
        break;
    case 'w':
        if (b.at(0, "wOFF"))
            return "application/font-woff";
        if (b.at(0, "wOF2"))
            return "application/font-woff2";
        break;
    case 0x89:
        if (b.at(0, "\x89PNG"))
            return "image/png";
        break;
    case 0xfd:
        if (b.atLen(0, "\xfd" "7zXZ"))
            return "application/x-xz";
        break;
    case 0xff:
        if (b.len > 10 && b.at(0, "\xff\xd8\xff"))
            return "image/jpeg";
        break;
    case 0xed:
        if (b.len > 10 && b.at(0, "\xed\xab\xee\xdb"))
            return "application/x-rpm";
        break;
    }
    return {};
}

} // namespace

std::string_view bodyMagic(const uint8_t *data, size_t len)
{
    if (!data || len < 5)
        return {};
    const Bytes b{data, len};
    if (const std::string_view m = byFirstByte(b); !m.empty())
        return m;
    if (b.atLen(257, "ustar"))
        return "application/x-tar";
    if (b.contains(0, "document.write") || b.contains(0, "'use strict'"))
        return "text/javascript";
    return {};
}

} // namespace luacap::engine
