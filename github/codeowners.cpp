#include "github/codeowners.hpp"

#include <algorithm>
#include <cstdint>
#include <fstream>
#include <sstream>
#include <vector>

namespace medic::github {

namespace {

/// Glob match of a pattern against a text where * and ? stop at '/', and ** crosses it. Each
/// (pattern position, text position) is decided once: a line of stars costs a table, not an
/// exponential number of backtracking steps.
class Glob {
public:
    Glob(std::string_view pattern, std::string_view text)
        : m_pattern(pattern), m_text(text),
          m_memo((pattern.size() + 1) * (text.size() + 1), k_unknown) {}

    bool matches() { return at(0, 0); }

private:
    static constexpr std::int8_t k_unknown = -1;

    bool at(std::size_t i, std::size_t j) {
        auto& known = m_memo[i * (m_text.size() + 1) + j];
        if (known == k_unknown)
            known = decide(i, j) ? 1 : 0;
        return known == 1;
    }

    bool decide(std::size_t i, std::size_t j) {
        if (i == m_pattern.size())
            return j == m_text.size();
        if (m_pattern.substr(i).starts_with("**")) {
            std::size_t rest = i;
            while (rest < m_pattern.size() && m_pattern[rest] == '*')
                ++rest;
            // "**/" also matches no directory at all.
            if (rest < m_pattern.size() && m_pattern[rest] == '/' && at(rest + 1, j))
                return true;
            for (std::size_t k = j; k <= m_text.size(); ++k)
                if (at(rest, k))
                    return true;
            return false;
        }
        if (m_pattern[i] == '*') {
            for (std::size_t k = j; k <= m_text.size(); ++k) {
                if (at(i + 1, k))
                    return true;
                if (k < m_text.size() && m_text[k] == '/')
                    break;
            }
            return false;
        }
        if (j == m_text.size())
            return false;
        bool const same = m_pattern[i] == '?' ? m_text[j] != '/' : m_pattern[i] == m_text[j];
        return same && at(i + 1, j + 1);
    }

    std::string_view m_pattern;
    std::string_view m_text;
    std::vector<std::int8_t> m_memo;
};

bool glob(std::string_view pattern, std::string_view text) {
    return Glob(pattern, text).matches();
}

/// `path` or any of its parent directories matches `pattern` (a pattern names a file or a
/// whole directory).
bool matches_here_or_above(std::string_view pattern, std::string_view path) {
    for (auto end = path.size(); end != std::string_view::npos && end > 0;
         end = path.rfind('/', end - 1)) {
        if (glob(pattern, path.substr(0, end)))
            return true;
        if (end == 0)
            break;
    }
    return false;
}

Owners parse_owners(std::istringstream& words) {
    Owners owners;
    std::string owner;
    while (words >> owner) {
        if (owner.starts_with('#'))
            break;
        if (!owner.starts_with('@'))
            continue; // an e-mail address: GitHub maps it to a user Medic cannot know
        owner.erase(0, 1);
        if (auto const slash = owner.find('/'); slash != std::string::npos)
            owners.teams.push_back(owner.substr(slash + 1));
        else
            owners.users.push_back(owner);
    }
    return owners;
}

void add_unique(std::vector<std::string>& into, const std::vector<std::string>& names) {
    for (auto const& name : names)
        if (std::ranges::find(into, name) == into.end())
            into.push_back(name);
}

} // namespace

bool codeowners_pattern_matches(std::string_view pattern, std::string_view path) {
    bool const directory = pattern.ends_with('/');
    if (directory)
        pattern.remove_suffix(1);
    bool const anchored = pattern.starts_with('/') || pattern.find('/') != std::string_view::npos;
    if (pattern.starts_with('/'))
        pattern.remove_prefix(1);
    if (pattern.empty())
        return false;
    if (directory) {
        // Only directories: the path must lie below the match.
        auto const parent = path.rfind('/');
        return parent != std::string_view::npos &&
               (anchored ? matches_here_or_above(pattern, path.substr(0, parent))
                         : codeowners_pattern_matches("**/" + std::string(pattern) + "/**", path));
    }
    if (pattern.ends_with("/*")) // GitHub: "docs/*" owns docs' own files, not deeper ones
        return glob(pattern, path);
    if (anchored)
        return matches_here_or_above(pattern, path);
    return matches_here_or_above("**/" + std::string(pattern), path);
}

CodeOwners CodeOwners::parse(std::string_view text) {
    CodeOwners parsed;
    std::istringstream lines{std::string(text)};
    std::string line;
    while (std::getline(lines, line)) {
        std::istringstream words(line);
        std::string pattern;
        if (!(words >> pattern) || pattern.starts_with('#'))
            continue;
        parsed.m_rules.push_back({pattern, parse_owners(words)});
    }
    return parsed;
}

std::optional<CodeOwners> CodeOwners::load(const std::filesystem::path& repo) {
    for (auto const* where : {".github/CODEOWNERS", "CODEOWNERS", "docs/CODEOWNERS"}) {
        std::ifstream in(repo / where);
        if (!in)
            continue;
        std::ostringstream text;
        text << in.rdbuf();
        return parse(text.str());
    }
    return std::nullopt;
}

Owners CodeOwners::owners_of(std::string_view path) const {
    for (auto rule = m_rules.rbegin(); rule != m_rules.rend(); ++rule)
        if (codeowners_pattern_matches(rule->pattern, path))
            return rule->owners;
    return {};
}

Owners CodeOwners::owners_of(const std::vector<std::string>& paths) const {
    Owners everyone;
    for (auto const& path : paths) {
        auto const owners = owners_of(std::string_view(path));
        add_unique(everyone.users, owners.users);
        add_unique(everyone.teams, owners.teams);
    }
    return everyone;
}

} // namespace medic::github
