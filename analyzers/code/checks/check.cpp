#include "analyzers/code/checks/check.hpp"

#include "analyzers/code/names.hpp"
#include "analyzers/code/source_ranges.hpp"

#include <clang/Lex/Lexer.h>

namespace medic::code {

using namespace clang::ast_matchers;

clang::ast_matchers::internal::Matcher<clang::Stmt> inside_loop() {
    return hasAncestor(
        stmt(anyOf(forStmt(), cxxForRangeStmt(), whileStmt(), doStmt())).bind("loop"));
}

Finding* Check::report(const MatchFinder::MatchResult& result, clang::SourceRange range,
                       std::string message, double weight) {
    auto const* function = result.Nodes.getNodeAs<clang::FunctionDecl>("function");
    auto& sources = *result.SourceManager;
    if (function == nullptr || !is_in_repo(range.getBegin(), sources, m_scope->root))
        return nullptr;
    Finding finding;
    finding.check = info().id;
    finding.range = to_model_range(range, sources, m_scope->root);
    finding.function = function_name(*function, sources, m_scope->root);
    // Inside a lambda that is a handler of its own, the finding is that handler's.
    const SourceRange* innermost = nullptr;
    for (auto const& [written, identity] : m_scope->lambdas)
        if (contains(written, finding.range) &&
            (innermost == nullptr || contains(*innermost, written))) {
            innermost = &written;
            finding.function = identity;
        }
    auto const owners = m_scope->handlers_of.find(normalize_name(finding.function));
    finding.handler = owners == m_scope->handlers_of.end() || owners->second.empty()
                          ? finding.function
                          : owners->second.front();
    finding.in_loop = result.Nodes.getNodeAs<clang::Stmt>("loop") != nullptr;
    finding.message = std::move(message);
    finding.weight = finding.in_loop ? weight * 3 : weight;
    m_scope->findings->push_back(std::move(finding));
    return &m_scope->findings->back();
}

std::optional<FixIt> Check::replace(const MatchFinder::MatchResult& result,
                                    clang::CharSourceRange range, std::string replacement) const {
    auto const& sources = *result.SourceManager;
    auto const span = text_span(range, sources, result.Context->getLangOpts(), m_scope->root);
    if (!span)
        return std::nullopt;
    auto const begin = sources.getExpansionLoc(range.getBegin());
    return FixIt{span->file,
                 span->offset,
                 span->length,
                 sources.getExpansionLineNumber(begin),
                 sources.getExpansionColumnNumber(begin),
                 std::move(replacement)};
}

std::optional<FixIt> Check::insert(const MatchFinder::MatchResult& result,
                                   clang::SourceLocation location, std::string text) const {
    return replace(result, clang::CharSourceRange::getCharRange(location, location),
                   std::move(text));
}

} // namespace medic::code
