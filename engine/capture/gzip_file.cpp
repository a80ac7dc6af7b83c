// gzip transparency for capture files (reader thread). libpcap reads from a FILE*, so a
// fopencookie stream backed by zlib's gzread lets it read .gz captures without a temp file.
#include "capture/gzip_file.h"

#include <cerrno>
#include <cstring>
#include <unistd.h>
#include <zlib.h>

namespace luacap::engine {

namespace {
ssize_t gzCookieRead(void *cookie, char *buf, size_t size)
{
    const int n = gzread(static_cast<gzFile>(cookie), buf, unsigned(size));
    if (n < 0) {
        errno = EIO;
        return -1;
    }
    return n;
}

int gzCookieClose(void *cookie)
{
    return gzclose(static_cast<gzFile>(cookie)) == Z_OK ? 0 : EOF;
}

bool hasGzipMagic(FILE *f)
{
    unsigned char magic[2] = {0, 0};
    const size_t n = fread(magic, 1, 2, f);
    rewind(f);
    return n == 2 && magic[0] == 0x1f && magic[1] == 0x8b;
}
} // namespace

FILE *openMaybeGzip(const std::string &path, bool &compressed, std::string &error)
{
    compressed = false;
    FILE *f = std::fopen(path.c_str(), "rb");
    if (!f) {
        error = std::strerror(errno);
        return nullptr;
    }
    if (!hasGzipMagic(f))
        return f;
    compressed = true;
    const int fd = dup(fileno(f));
    std::fclose(f);
    gzFile gz = fd >= 0 ? gzdopen(fd, "rb") : nullptr;
    if (!gz) {
        error = "cannot open gzip stream";
        return nullptr;
    }
    gzbuffer(gz, 256 * 1024);
    cookie_io_functions_t io{gzCookieRead, nullptr, nullptr, gzCookieClose};
    FILE *stream = fopencookie(gz, "rb", io);
    if (!stream) {
        gzclose(gz);
        error = "cannot create stream for gzip file";
    }
    return stream;
}

} // namespace luacap::engine
