#include "analyzers/code/prefilter.hpp"

#include "analyzers/code/names.hpp"

#include <fstream>
#include <set>
#include <sstream>

namespace medic::code {
namespace {

bool is_identifier_char(char c) {
    return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '_';
}

/// Whole-word search: "handle" must not match "handler".
bool contains_token(std::string_view text, std::string_view token) {
    for (std::size_t pos = text.find(token); pos != std::string_view::npos;
         pos = text.find(token, pos + 1)) {
        bool const starts = pos == 0 || !is_identifier_char(text[pos - 1]);
        auto const end = pos + token.size();
        bool const ends = end >= text.size() || !is_identifier_char(text[end]);
        if (starts && ends)
            return true;
    }
    return false;
}

const std::string& read_text(const std::filesystem::path& path,
                             std::map<std::filesystem::path, std::string>& texts) {
    auto [it, inserted] = texts.try_emplace(path);
    if (inserted) {
        std::ifstream in(path, std::ios::binary);
        std::ostringstream text;
        text << in.rdbuf();
        it->second = text.str();
    }
    return it->second;
}

void gather(const std::filesystem::path& file,
            const std::vector<std::filesystem::path>& include_dirs,
            std::map<std::filesystem::path, std::string>& texts,
            std::set<std::filesystem::path>& seen, std::vector<ProjectFile>& files) {
    if (!seen.insert(file).second || seen.size() > 2000)
        return;
    auto const& text = read_text(file, texts);
    files.push_back({file, &text});
    std::istringstream lines(text);
    for (std::string line; std::getline(lines, line);) {
        auto const hash = line.find_first_not_of(" \t");
        if (hash == std::string::npos || line[hash] != '#' ||
            line.find("include") == std::string::npos)
            continue;
        auto const open = line.find('"');
        auto const close = open == std::string::npos ? open : line.find('"', open + 1);
        if (close == std::string::npos)
            continue; // <system> headers cannot define project handlers
        auto const name = line.substr(open + 1, close - open - 1);
        std::vector<std::filesystem::path> candidates{file.parent_path() / name};
        for (auto const& dir : include_dirs)
            candidates.push_back(dir / name);
        for (auto const& candidate : candidates) {
            std::error_code error;
            if (std::filesystem::is_regular_file(candidate, error)) {
                gather(std::filesystem::weakly_canonical(candidate), include_dirs, texts, seen,
                       files);
                break;
            }
        }
    }
}

} // namespace

std::vector<std::string> required_tokens(std::string_view qualified_name) {
    auto const name = strip_template_arguments(qualified_name);
    std::vector<std::string> parts;
    for (std::size_t start = 0; start <= name.size();) {
        auto const end = name.find("::", start);
        parts.push_back(
            name.substr(start, end == std::string::npos ? std::string::npos : end - start));
        if (end == std::string::npos)
            break;
        start = end + 2;
    }
    std::vector<std::string> tokens{parts.back()};
    // For "A::b", "A" is spelled at most call sites too (unless a using-declaration hides it,
    // in which case the unit still spells it once).
    if (parts.size() >= 2 && !parts[parts.size() - 2].empty() &&
        std::isupper(static_cast<unsigned char>(parts[parts.size() - 2][0])) != 0)
        tokens.insert(tokens.begin(), parts[parts.size() - 2]);
    return tokens;
}

std::vector<ProjectFile> project_files(const std::filesystem::path& unit,
                                       const std::vector<std::filesystem::path>& include_dirs,
                                       std::map<std::filesystem::path, std::string>& texts) {
    std::set<std::filesystem::path> seen;
    std::vector<ProjectFile> files;
    gather(unit, include_dirs, texts, seen, files);
    return files;
}

bool mentions(std::string_view text, const std::vector<std::vector<std::string>>& token_sets) {
    for (auto const& tokens : token_sets) {
        bool every = true;
        for (auto const& token : tokens)
            every = every && contains_token(text, token);
        if (every)
            return true;
    }
    return false;
}

} // namespace medic::code
