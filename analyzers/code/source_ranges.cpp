#include "analyzers/code/source_ranges.hpp"

#include "analyzers/code/names.hpp"

#include <clang/AST/DeclCXX.h>
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

std::string function_name(const clang::FunctionDecl& function, const clang::SourceManager& sources,
                          const std::filesystem::path& root) {
    if (!is_lambda_body(function))
        return function.getQualifiedNameAsString();
    // A closure type is located at its lambda's introducer, '['.
    auto const introducer = llvm::cast<clang::CXXMethodDecl>(function).getParent()->getLocation();
    auto const where = to_model_range({introducer, introducer}, sources, root);
    return lambda_identity(where.file, where.begin_line, where.begin_column);
}

bool contains(const SourceRange& outer, const SourceRange& inner) {
    auto const before = [](unsigned line_a, unsigned column_a, unsigned line_b, unsigned column_b) {
        return line_a < line_b || (line_a == line_b && column_a <= column_b);
    };
    return outer.file == inner.file &&
           before(outer.begin_line, outer.begin_column, inner.begin_line, inner.begin_column) &&
           before(inner.end_line, inner.end_column, outer.end_line, outer.end_column);
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
