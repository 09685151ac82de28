#pragma once
// Which files are the repository's own code: under its root and outside vendored and generated
// code (third_party/, vendor/, external/, _deps/, build trees, git submodules, configured
// paths). Framework internals must not fill a handler's callees, take a check's time, or
// receive a patch.

#include "bot/model/code.hpp"

#include <clang/AST/ExprCXX.h>
#include <clang/Basic/SourceManager.h>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

namespace medic::code {

class RepoScope {
public:
    /// `excluded`: repository-relative folders ending in '/' (see vendored_paths).
    RepoScope(std::filesystem::path root, std::vector<std::string> excluded);

    /// True when `location` (after macro expansion) is in a file of the repository's own code.
    /// Remembered per file: the answer costs a path canonicalization.
    [[nodiscard]] bool owns(clang::SourceLocation location,
                            const clang::SourceManager& sources) const;
    /// True for a repository-relative path of its own code.
    [[nodiscard]] bool owns(const std::string& relative) const;
    /// The expansion range of `range`, the file relative to the root when inside it.
    [[nodiscard]] SourceRange range(clang::SourceRange range,
                                    const clang::SourceManager& sources) const;
    [[nodiscard]] const std::filesystem::path& root() const { return m_root; }
    [[nodiscard]] const std::vector<std::string>& excluded() const { return m_excluded; }
    /// How Medic names a function: its qualified name, or "lambda at FILE:LINE:COL" for a
    /// lambda's call operator (see lambda_identity).
    [[nodiscard]] std::string function_name(const clang::FunctionDecl& function,
                                            const clang::SourceManager& sources) const;
    [[nodiscard]] std::string lambda_name(const clang::LambdaExpr& lambda,
                                          const clang::SourceManager& sources) const;

private:
    std::filesystem::path m_root;
    std::vector<std::string> m_excluded;
    mutable std::map<unsigned, bool> m_owned; ///< FileID -> owns (per SourceManager: per unit)
};

} // namespace medic::code
