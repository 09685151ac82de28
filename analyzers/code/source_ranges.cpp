#include "analyzers/code/source_ranges.hpp"

#include <clang/Lex/Lexer.h>

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

clang::SourceRange written_range(const clang::FunctionDecl& function) {
    auto const* as_template = function.getDescribedFunctionTemplate();
    return as_template ? as_template->getSourceRange() : function.getSourceRange();
}

bool is_lambda_body(const clang::FunctionDecl& function) {
    auto const* method = llvm::dyn_cast<clang::CXXMethodDecl>(&function);
    return method != nullptr && method->getParent()->isLambda();
}

bool is_in_repo(clang::SourceLocation location, const clang::SourceManager& sources,
                const std::filesystem::path& root) {
    auto const file = sources.getFilename(sources.getExpansionLoc(location)).str();
    return !file.empty() &&
           std::filesystem::weakly_canonical(file).string().starts_with(root.string());
}

std::optional<TextSpan> text_span(clang::CharSourceRange range, const clang::SourceManager& sources,
                                  const clang::LangOptions& language,
                                  const std::filesystem::path& root) {
    if (range.getBegin().isMacroID() || range.getEnd().isMacroID())
        return std::nullopt; // rewriting inside a macro would change every expansion
    auto const file_range = clang::Lexer::makeFileCharRange(range, sources, language);
    if (file_range.isInvalid())
        return std::nullopt;
    auto const begin = sources.getDecomposedLoc(file_range.getBegin());
    auto const end = sources.getDecomposedLoc(file_range.getEnd());
    auto const where = to_model_range(file_range.getAsRange(), sources, root);
    return TextSpan{where.file, begin.second, end.second - begin.second,
                    clang::Lexer::getSourceText(file_range, sources, language).str()};
}

} // namespace medic::code
