#include "analyzers/code/checks/checks.hpp"

#include <clang/Lex/Lexer.h>

namespace medic::code {

std::vector<std::unique_ptr<Check>> register_all_checks() {
    std::vector<std::unique_ptr<Check>> checks;
    checks.push_back(make_regex_in_loop_check());
    checks.push_back(make_param_by_value_check());
    checks.push_back(make_range_for_copy_check());
    checks.push_back(make_push_back_without_reserve_check());
    checks.push_back(make_linear_search_in_loop_check());
    checks.push_back(make_string_concat_in_loop_check());
    checks.push_back(make_endl_in_loop_check());
    checks.push_back(make_map_double_lookup_check());
    checks.push_back(make_blocking_call_check());
    checks.push_back(make_lock_over_slow_work_check());
    return checks;
}

std::string source_text(const clang::ast_matchers::MatchFinder::MatchResult& result,
                        clang::SourceRange range) {
    return clang::Lexer::getSourceText(clang::CharSourceRange::getTokenRange(range),
                                       *result.SourceManager, result.Context->getLangOpts())
        .str();
}

std::string indentation_of(const clang::ast_matchers::MatchFinder::MatchResult& result,
                           clang::SourceLocation location) {
    return std::string(result.SourceManager->getExpansionColumnNumber(location) - 1, ' ');
}

bool function_spells(const clang::ast_matchers::MatchFinder::MatchResult& result,
                     const std::string& name) {
    auto const* function = result.Nodes.getNodeAs<clang::FunctionDecl>("function");
    return source_text(result, function->getSourceRange()).find(name) != std::string::npos;
}

std::optional<FixIt> as_const_reference(const Check& check,
                                        const clang::ast_matchers::MatchFinder::MatchResult& result,
                                        const clang::DeclaratorDecl& declaration) {
    auto const* type_info = declaration.getTypeSourceInfo();
    if (type_info == nullptr)
        return std::nullopt;
    auto const range = type_info->getTypeLoc().getSourceRange();
    auto const text = source_text(result, range);
    auto const rewritten =
        declaration.getType().isConstQualified() ? text + "&" : "const " + text + "&";
    return check.replace(result, clang::CharSourceRange::getTokenRange(range), rewritten);
}

bool is_expensive_to_copy(clang::QualType type, const clang::ASTContext& context) {
    type = type.getCanonicalType();
    auto const* record = type->getAsCXXRecordDecl();
    if (record == nullptr || type->isReferenceType() || type.isTriviallyCopyableType(context))
        return false;
    auto const name = record->getQualifiedNameAsString();
    for (auto const* cheap : {"std::shared_ptr", "std::weak_ptr", "std::function",
                              "std::basic_string_view", "std::span", "std::reference_wrapper"})
        if (name == cheap)
            return false;
    return true;
}

} // namespace medic::code
