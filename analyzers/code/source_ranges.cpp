#include "analyzers/code/source_ranges.hpp"

namespace medic::code {

SourceRange to_model_range(clang::SourceRange range, const clang::SourceManager& sources,
                           const std::filesystem::path& root) {
    auto const begin = sources.getExpansionLoc(range.getBegin());
    auto const end = sources.getExpansionLoc(range.getEnd());
    auto const file = std::filesystem::weakly_canonical(sources.getFilename(begin).str());
    auto const relative = file.lexically_relative(root);
    bool const inside = !relative.empty() && *relative.begin() != "..";
    return {inside ? relative.string() : file.string(), sources.getExpansionLineNumber(begin),
            sources.getExpansionColumnNumber(begin), sources.getExpansionLineNumber(end),
            sources.getExpansionColumnNumber(end)};
}

bool is_in_repo(clang::SourceLocation location, const clang::SourceManager& sources,
                const std::filesystem::path& root) {
    auto const file = sources.getFilename(sources.getExpansionLoc(location)).str();
    return !file.empty() &&
           std::filesystem::weakly_canonical(file).string().starts_with(root.string());
}

} // namespace medic::code
