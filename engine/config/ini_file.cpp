// IniFile: line-by-line parser for Arkime-style INI files (main thread, start-up).
#include "config/ini_file.h"

#include <fstream>
#include <sstream>

namespace luacap::engine {

namespace {

std::string_view trim(std::string_view s)
{
    const auto space = [](char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; };
    while (!s.empty() && space(s.front()))
        s.remove_prefix(1);
    while (!s.empty() && space(s.back()))
        s.remove_suffix(1);
    return s;
}

} // namespace

const IniEntry *IniSection::find(std::string_view key) const
{
    for (const IniEntry &e : entries)
        if (e.key == key)
            return &e;
    return nullptr;
}

bool IniFile::load(const std::string &path, std::string *error)
{
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        if (error)
            *error = path + ": cannot open the file";
        return false;
    }
    std::ostringstream text;
    text << in.rdbuf();
    return parse(text.str(), path, error);
}

bool IniFile::parse(std::string_view text, const std::string &fileName, std::string *error)
{
    fileName_ = fileName;
    sections_.clear();
    IniSection *current = nullptr;
    int lineNo = 0;
    size_t start = 0;
    while (start < text.size()) {
        size_t end = text.find('\n', start);
        if (end == std::string_view::npos)
            end = text.size();
        if (!parseLine(text.substr(start, end - start), ++lineNo, current, error))
            return false;
        start = end + 1;
    }
    return true;
}

bool IniFile::parseLine(std::string_view raw, int lineNo, IniSection *&current, std::string *error)
{
    const std::string_view line = trim(raw);
    if (line.empty() || line.front() == '#' || line.front() == ';')
        return true;
    if (line.front() == '[') {
        if (line.back() != ']' || trim(line.substr(1, line.size() - 2)).empty()) {
            if (error)
                *error = where(lineNo) + ": malformed section header '" + std::string(line) + "'";
            return false;
        }
        current = &sectionFor(std::string(trim(line.substr(1, line.size() - 2))), lineNo);
        return true;
    }
    const size_t eq = line.find('=');
    if (eq == std::string_view::npos || trim(line.substr(0, eq)).empty()) {
        if (error)
            *error = where(lineNo) + ": expected key=value, got '" + std::string(line) + "'";
        return false;
    }
    if (!current) {
        if (error)
            *error = where(lineNo) + ": key '" + std::string(trim(line.substr(0, eq))) +
                     "' before any [section]";
        return false;
    }
    IniEntry entry{std::string(trim(line.substr(0, eq))), std::string(trim(line.substr(eq + 1))), lineNo};
    for (IniEntry &e : current->entries) {
        if (e.key == entry.key) {
            e = std::move(entry);   // last one wins, as with Arkime's key files
            return true;
        }
    }
    current->entries.push_back(std::move(entry));
    return true;
}

IniSection &IniFile::sectionFor(const std::string &name, int line)
{
    for (IniSection &s : sections_)
        if (s.name == name)
            return s;
    sections_.push_back({name, line, {}});
    return sections_.back();
}

const IniSection *IniFile::section(std::string_view name) const
{
    for (const IniSection &s : sections_)
        if (s.name == name)
            return &s;
    return nullptr;
}

} // namespace luacap::engine
