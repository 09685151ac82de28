#pragma once
// The built-in checks; each lives in its own source file with its doc page in docs/checks/.

#include "analyzers/code/checks/check.hpp"

namespace medic::code {

std::unique_ptr<Check> make_regex_in_loop_check();
std::unique_ptr<Check> make_param_by_value_check();
std::unique_ptr<Check> make_range_for_copy_check();
std::unique_ptr<Check> make_push_back_without_reserve_check();
std::unique_ptr<Check> make_linear_search_in_loop_check();
std::unique_ptr<Check> make_string_concat_in_loop_check();
std::unique_ptr<Check> make_endl_in_loop_check();
std::unique_ptr<Check> make_map_double_lookup_check();
std::unique_ptr<Check> make_blocking_call_check();
std::unique_ptr<Check> make_lock_over_slow_work_check();

/// Source text of a node, as written.
std::string source_text(const clang::ast_matchers::MatchFinder::MatchResult& result,
                        clang::SourceRange range);

/// The spaces before the code at `location` (its column - 1): the indentation of inserted lines.
std::string indentation_of(const clang::ast_matchers::MatchFinder::MatchResult& result,
                           clang::SourceLocation location);

/// True when the bound "function"'s source spells `name`: a local Medic adds under that name
/// could clash with it.
bool function_spells(const clang::ast_matchers::MatchFinder::MatchResult& result,
                     const std::string& name);

/// A fix-it turning `declaration`'s written type into a const reference: `T` -> `const T&`,
/// `const T` -> `const T&`; nullopt when the type is not written in the source.
std::optional<FixIt> as_const_reference(const Check& check,
                                        const clang::ast_matchers::MatchFinder::MatchResult& result,
                                        const clang::DeclaratorDecl& declaration);

/// Record types whose copy costs an allocation or more (containers, strings, user types
/// that are not trivially copyable), excluding handles meant to be copied (shared_ptr, function).
bool is_expensive_to_copy(clang::QualType type, const clang::ASTContext& context);

} // namespace medic::code
