// IniFile: an Arkime-style config.ini (sections, key=value, '#' and ';' comments), with the
// line of every key kept so config errors can name file:line. Main thread, at start-up.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace luacap::engine {

struct IniEntry {
    std::string key;
    std::string value;   // trimmed; no escape processing
    int line = 0;
};

struct IniSection {
    std::string name;
    int line = 0;                    // line of the first [name] header
    std::vector<IniEntry> entries;   // file order; a repeated key keeps its last value

    const IniEntry *find(std::string_view key) const;
};

class IniFile {
public:
    // Reads and parses a file; false with error "file:line: message" on failure.
    bool load(const std::string &path, std::string *error);
    // Parses text; fileName is only used in messages.
    bool parse(std::string_view text, const std::string &fileName, std::string *error);

    const IniSection *section(std::string_view name) const;
    const std::vector<IniSection> &sections() const { return sections_; }
    const std::string &fileName() const { return fileName_; }
    std::string where(int line) const { return fileName_ + ":" + std::to_string(line); }

private:
    bool parseLine(std::string_view line, int lineNo, IniSection *&current, std::string *error);
    IniSection &sectionFor(const std::string &name, int line);

    std::string fileName_;
    std::vector<IniSection> sections_;
};

} // namespace luacap::engine
