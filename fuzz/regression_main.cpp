// Corpus replay driver: a main() that feeds every file of the given files/directories to a fuzz
// target's LLVMFuzzerTestOneInput, so the regular (gcc, sanitizer) build checks the committed
// corpus without clang or libFuzzer. Run by CTest; exits non-zero when a path is unreadable.
#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

namespace {

bool runFile(const std::filesystem::path &p)
{
    std::ifstream f(p, std::ios::binary);
    if (!f)
        return false;
    const std::vector<char> bytes{std::istreambuf_iterator<char>(f), std::istreambuf_iterator<char>()};
    // A copy of exactly the file's size, so reads past the end are caught by ASan.
    std::vector<uint8_t> exact(bytes.begin(), bytes.end());
    LLVMFuzzerTestOneInput(exact.empty() ? nullptr : exact.data(), exact.size());
    return true;
}

std::vector<std::filesystem::path> filesOf(const std::filesystem::path &p)
{
    std::vector<std::filesystem::path> out;
    if (std::filesystem::is_directory(p)) {
        for (const auto &e : std::filesystem::directory_iterator(p))
            if (e.is_regular_file())
                out.push_back(e.path());
        std::sort(out.begin(), out.end());
    } else {
        out.push_back(p);
    }
    return out;
}

} // namespace

int main(int argc, char **argv)
{
    size_t count = 0;
    for (int i = 1; i < argc; ++i) {
        for (const auto &file : filesOf(argv[i])) {
            if (!runFile(file)) {
                std::fprintf(stderr, "cannot read %s\n", file.c_str());
                return 1;
            }
            ++count;
        }
    }
    if (count == 0) {
        std::fprintf(stderr, "no corpus files given\n");
        return 1;
    }
    std::printf("%zu inputs replayed\n", count);
    return 0;
}
