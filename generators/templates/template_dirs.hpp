#pragma once
// TemplateDirs: where Medic's Mustache templates live, and where a repository overrides them.

#include <filesystem>

namespace medic {

/// Medic's own templates and the repository's overrides (<repo>/.github/medic/templates).
struct TemplateDirs {
    std::filesystem::path medic;         ///< Medic's templates/ folder.
    std::filesystem::path repo_override; ///< Empty: no overrides.
};

} // namespace medic
