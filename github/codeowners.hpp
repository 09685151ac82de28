#pragma once
// CODEOWNERS: who owns which paths (GitHub's format: gitignore-like patterns, the last
// matching line wins), so a fix's PR asks the right people to review.

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace medic::github {

/// Owners of some paths: users by login, teams by slug (the "team" of @org/team).
struct Owners {
    std::vector<std::string> users;
    std::vector<std::string> teams;
};

/// One parsed CODEOWNERS file.
class CodeOwners {
public:
    /// Parses the text of a CODEOWNERS file; lines it cannot read are skipped (GitHub shows
    /// them as errors in its UI; Medic only loses those owners).
    static CodeOwners parse(std::string_view text);
    /// The first of .github/CODEOWNERS, CODEOWNERS, docs/CODEOWNERS in `repo` (GitHub's order).
    static std::optional<CodeOwners> load(const std::filesystem::path& repo);

    /// The owners of `path` (repository-relative): the last rule that matches.
    [[nodiscard]] Owners owners_of(std::string_view path) const;
    /// Everyone owning any of `paths`, each once, in the order first met.
    [[nodiscard]] Owners owners_of(const std::vector<std::string>& paths) const;

private:
    struct Rule {
        std::string pattern;
        Owners owners;
    };
    std::vector<Rule> m_rules;
};

/// True when `path` matches CODEOWNERS/gitignore-style `pattern` ("*.cpp", "/src/", "docs/**").
bool codeowners_pattern_matches(std::string_view pattern, std::string_view path);

} // namespace medic::github
