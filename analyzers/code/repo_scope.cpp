#include "analyzers/code/repo_scope.hpp"

#include "analyzers/code/names.hpp"
#include "analyzers/code/source_ranges.hpp"

#include <algorithm>

namespace medic::code {

RepoScope::RepoScope(std::filesystem::path root, std::vector<std::string> excluded)
    : m_root(std::move(root)), m_excluded(std::move(excluded)) {}

bool RepoScope::owns(const std::string& relative) const {
    if (relative.empty() || relative.starts_with("/") || relative.starts_with(".."))
        return false;
    return std::none_of(m_excluded.begin(), m_excluded.end(),
                        [&](const std::string& folder) { return relative.starts_with(folder); });
}

bool RepoScope::owns(clang::SourceLocation location, const clang::SourceManager& sources) const {
    auto const expansion = sources.getExpansionLoc(location);
    auto const file = sources.getFileID(expansion);
    if (auto const known = m_owned.find(file.getHashValue()); known != m_owned.end())
        return known->second;
    auto const name = sources.getFilename(expansion).str();
    bool owned = false;
    if (!name.empty()) {
        auto const relative = std::filesystem::weakly_canonical(name).lexically_relative(m_root);
        owned = owns(relative.string());
    }
    m_owned.emplace(file.getHashValue(), owned);
    return owned;
}

SourceRange RepoScope::range(clang::SourceRange range, const clang::SourceManager& sources) const {
    return to_model_range(range, sources, m_root);
}

std::string RepoScope::function_name(const clang::FunctionDecl& function,
                                     const clang::SourceManager& sources) const {
    return code::function_name(function, sources, m_root);
}

std::string RepoScope::lambda_name(const clang::LambdaExpr& lambda,
                                   const clang::SourceManager& sources) const {
    return function_name(*lambda.getCallOperator(), sources);
}

} // namespace medic::code
