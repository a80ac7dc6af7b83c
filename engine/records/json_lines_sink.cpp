// JsonLinesSink implementation (writer thread).
#include "records/json_lines_sink.h"

#include <cerrno>
#include <cstring>

namespace luacap::engine {

JsonLinesSink::~JsonLinesSink()
{
    flush();
    if (ownsFile_ && file_)
        std::fclose(file_);
}

bool JsonLinesSink::open(const std::string &path)
{
    if (path == "-") {
        file_ = stdout;
    } else {
        file_ = std::fopen(path.c_str(), "wb");
        ownsFile_ = true;
    }
    if (!file_) {
        error_ = path + ": " + std::strerror(errno);
        return false;
    }
    std::setvbuf(file_, nullptr, _IOFBF, 1 << 20);
    return true;
}

bool JsonLinesSink::write(const std::string &json)
{
    if (std::fwrite(json.data(), 1, json.size(), file_) != json.size() || std::fputc('\n', file_) == EOF) {
        error_ = std::string("write failed: ") + std::strerror(errno);
        return false;
    }
    return true;
}

bool JsonLinesSink::flush()
{
    if (file_ && std::fflush(file_) != 0) {
        error_ = std::string("flush failed: ") + std::strerror(errno);
        return false;
    }
    return true;
}

} // namespace luacap::engine
