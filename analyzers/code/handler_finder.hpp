#pragma once
// AST matchers that find, for a set of handler names, their definitions, the places that
// register them, the functions they call, and the test files that call them.

#include "bot/model/code.hpp"

#include <clang/ASTMatchers/ASTMatchFinder.h>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

namespace medic::code {

/// Collects match results for one parse; merge several with `merge_into`.
class HandlerFinder : public clang::ast_matchers::MatchFinder::MatchCallback {
public:
    /// `callee_depth`: how many calls deep to follow callees whose bodies this unit can see.
    HandlerFinder(std::vector<std::string> handlers, std::filesystem::path repo_root,
                  unsigned callee_depth);

    /// Registers this finder's matchers with `finder`.
    void register_matchers(clang::ast_matchers::MatchFinder& finder);
    void run(const clang::ast_matchers::MatchFinder::MatchResult& result) override;

    /// Results so far, keyed by the handler name as asked.
    [[nodiscard]] const std::map<std::string, CodeSite>& sites() const { return m_sites; }

private:
    void on_definition(const clang::FunctionDecl& decl, const clang::SourceManager& sources);
    void on_reference(const clang::Expr& reference, const clang::FunctionDecl& target,
                      clang::ASTContext& context);
    void on_template_registration(const clang::CallExpr& call, const clang::FunctionDecl& handler,
                                  const clang::SourceManager& sources);
    /// Follows calls from a handler's body, breadth first, up to the callee depth.
    void collect_callees(const clang::FunctionDecl& handler, const clang::SourceManager& sources);
    /// The sites `decl` answers for: several when handlers differ only in template arguments.
    std::vector<CodeSite*> sites_for(const clang::FunctionDecl& decl);
    SourceRange range_of(clang::SourceRange range, const clang::SourceManager& sources) const;
    bool in_repo(clang::SourceLocation location, const clang::SourceManager& sources) const;

    std::vector<std::string> m_handlers;
    std::map<std::string, std::vector<std::string>> m_by_normalized; ///< normalized -> as asked
    std::filesystem::path m_root;
    unsigned m_callee_depth = 1;
    std::map<std::string, CodeSite> m_sites;
};

/// At most this many callees are kept per handler (nearest first): enough to explain it,
/// few enough to read.
inline constexpr std::size_t k_max_callees = 32;

/// Adds `callee` to `callees` unless it is there (then keeps the known definition and the
/// smaller depth).
void add_callee(std::vector<Callee>& callees, const Callee& callee);

/// Adds `from`'s results to `into`, dropping duplicates (headers are seen once per unit). A
/// callee seen with its definition in one unit and without it in another keeps the definition.
void merge_into(std::map<std::string, CodeSite>& into, const std::map<std::string, CodeSite>& from);

} // namespace medic::code
