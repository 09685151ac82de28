#include "generators/docs/changelog.hpp"

#include <algorithm>
#include <cctype>
#include <optional>
#include <vector>

namespace medic {

namespace {

struct Line {
    std::string_view text; ///< Without the line ending.
    std::size_t begin = 0; ///< Offset of the line in the file.
    std::size_t end = 0;   ///< Offset just past its line ending.
};

std::vector<Line> split_lines(std::string_view text) {
    std::vector<Line> lines;
    for (std::size_t at = 0; at < text.size();) {
        const std::size_t newline = text.find('\n', at);
        const std::size_t end = newline == std::string_view::npos ? text.size() : newline + 1;
        std::string_view line = text.substr(at, end - at);
        while (!line.empty() && (line.back() == '\n' || line.back() == '\r'))
            line.remove_suffix(1);
        lines.push_back({line, at, end});
        at = end;
    }
    return lines;
}

bool blank(std::string_view line) {
    return std::ranges::all_of(line, [](char c) { return c == ' ' || c == '\t'; });
}

// The heading's level (1-6) and text, for an ATX heading line.
std::optional<std::pair<std::size_t, std::string>> heading(std::string_view line) {
    const std::size_t level = std::min(line.find_first_not_of('#'), line.size());
    if (level == 0 || level > 6 || (level < line.size() && line[level] != ' '))
        return std::nullopt;
    std::string text;
    for (const char c : line.substr(level))
        if (c != '[' && c != ']' && c != '#')
            text += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    const auto first = text.find_first_not_of(' ');
    return std::pair{level, first == std::string::npos ? std::string() : text.substr(first)};
}

// The index of the heading the entry goes under, if any: "Unreleased" first, then a "# ".
std::optional<std::size_t> anchor(const std::vector<Line>& lines) {
    std::optional<std::size_t> top_level;
    bool fenced = false;
    for (std::size_t i = 0; i < lines.size(); ++i) {
        const std::string_view text = lines[i].text;
        if (text.starts_with("```") || text.starts_with("~~~"))
            fenced = !fenced;
        const auto found = fenced ? std::nullopt : heading(text);
        if (!found)
            continue;
        if (found->second.starts_with("unreleased"))
            return i;
        if (found->first == 1 && !top_level)
            top_level = i;
    }
    return top_level;
}

bool list_item(std::string_view line) {
    return line.starts_with("- ") || line.starts_with("* ") || line.starts_with("+ ");
}

bool contains_entry(std::string_view changelog, std::string_view entry) {
    for (auto at = changelog.find(entry); at != std::string_view::npos;
         at = changelog.find(entry, at + 1)) {
        const std::size_t end = at + entry.size();
        const bool starts_line = at == 0 || changelog[at - 1] == '\n';
        const bool ends_line =
            end == changelog.size() || changelog[end] == '\n' || changelog[end] == '\r';
        if (starts_line && ends_line)
            return true;
    }
    return false;
}

} // namespace

std::string insert_changelog_entry(std::string_view changelog, std::string_view entry) {
    if (contains_entry(changelog, entry))
        return std::string(changelog);
    const std::vector<Line> lines = split_lines(changelog);
    const std::string eol = changelog.find("\r\n") != std::string_view::npos ? "\r\n" : "\n";
    const auto under = anchor(lines);
    std::size_t next = under ? *under + 1 : 0; // the first line after the insertion point
    while (next < lines.size() && blank(lines[next].text))
        ++next;
    std::string out(changelog.substr(0, under ? lines[*under].end : 0));
    if (under && lines[*under].end == changelog.size() && !changelog.ends_with('\n'))
        out += eol;
    if (under)
        out += eol; // one blank line under the heading
    out += std::string(entry) + eol;
    if (next < lines.size()) {
        if (!list_item(lines[next].text))
            out += eol; // a list ends before other blocks
        out += changelog.substr(lines[next].begin);
    }
    return out;
}

} // namespace medic
