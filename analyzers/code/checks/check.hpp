#pragma once
// The shape of a code check, modelled on clang-tidy: a dashed id, matchers that say what to
// look at, and a callback that turns each match into a Finding (with a fix-it when safe).

#include "bot/model/finding.hpp"

#include <clang/ASTMatchers/ASTMatchFinder.h>
#include <clang/ASTMatchers/ASTMatchers.h>
#include <filesystem>
#include <map>
#include <memory>
#include <vector>

namespace medic::code {

/// What every check shares during one parse: which functions to look in, and where results go.
struct CheckScope {
    /// Definitions of the located handlers and their callees, bound as "function".
    clang::ast_matchers::DeclarationMatcher function;
    std::filesystem::path root;
    /// Function (normalized name, or lambda identity) -> the handlers whose code it is; several
    /// when handlers share it.
    std::map<std::string, std::vector<std::string>> handlers_of;
    /// Lambdas that are handlers: where each is written, and its identity. A finding inside one
    /// is its own, not the enclosing function's.
    std::vector<std::pair<SourceRange, std::string>> lambdas;
    std::vector<Finding>* findings = nullptr;
};

/// One check. Subclasses match only inside `scope.function` and report through `report`. They
/// match template instantiations too (dependent code is only resolved there); a finding in a
/// template has the template's source location, so instantiations de-duplicate to one finding.
class Check : public clang::ast_matchers::MatchFinder::MatchCallback {
public:
    [[nodiscard]] virtual CheckInfo info() const = 0;
    virtual void register_matchers(clang::ast_matchers::MatchFinder& finder) = 0;
    void set_scope(CheckScope& scope) { m_scope = &scope; }

protected:
    /// Records a finding at `range` in the bound "function"; returns it for fix-its.
    Finding* report(const clang::ast_matchers::MatchFinder::MatchResult& result,
                    clang::SourceRange range, std::string message, double weight);

public:
    /// A fix-it replacing `range` (token range) with `replacement`; nullopt inside macros.
    std::optional<FixIt> replace(const clang::ast_matchers::MatchFinder::MatchResult& result,
                                 clang::CharSourceRange range, std::string replacement) const;
    /// A fix-it inserting `text` at `location` (e.g. a declaration before a loop).
    std::optional<FixIt> insert(const clang::ast_matchers::MatchFinder::MatchResult& result,
                                clang::SourceLocation location, std::string text) const;

protected:
    [[nodiscard]] const CheckScope& scope() const { return *m_scope; }

private:
    CheckScope* m_scope = nullptr;
};

/// Every built-in check, in a fixed order (no static-init self-registration).
std::vector<std::unique_ptr<Check>> register_all_checks();

/// Matches the statements inside a loop (the loop bound as "loop").
clang::ast_matchers::internal::Matcher<clang::Stmt> inside_loop();

} // namespace medic::code
