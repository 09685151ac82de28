#pragma once
// AST matchers that find, for a set of handler queries, the handlers' definitions (by function
// name, by the route, topic or key they are registered under, by the gRPC method they
// override, by a lambda's place), the places that register them, the functions they call, and
// the test files that call them.

#include "analyzers/code/query_index.hpp"
#include "analyzers/code/registrations.hpp"
#include "analyzers/code/repo_scope.hpp"
#include "bot/model/code.hpp"

#include <clang/ASTMatchers/ASTMatchFinder.h>
#include <map>
#include <string>
#include <vector>

namespace medic::code {

/// Collects match results for one parse; merge several with `merge_into`.
class HandlerFinder : public clang::ast_matchers::MatchFinder::MatchCallback {
public:
    /// `callee_depth`: how many calls deep to follow callees whose bodies this unit can see.
    HandlerFinder(const std::vector<HandlerQuery>& queries, RepoScope scope, unsigned callee_depth);

    /// Registers this finder's matchers with `finder`.
    void register_matchers(clang::ast_matchers::MatchFinder& finder);
    void run(const clang::ast_matchers::MatchFinder::MatchResult& result) override;

    /// Results so far, keyed by the handler id as asked.
    [[nodiscard]] const std::map<std::string, CodeSite>& sites() const { return m_sites; }
    /// Handlers a registration names by a function this unit may not define: id -> the
    /// function's qualified name (locate follows it by name).
    [[nodiscard]] const std::map<std::string, std::string>& resolved() const { return m_resolved; }

private:
    void on_definition(const clang::FunctionDecl& decl, const clang::SourceManager& sources);
    void on_reference(const clang::Expr& reference, const clang::FunctionDecl& target,
                      clang::ASTContext& context);
    void on_template_registration(const clang::CallExpr& call, const clang::FunctionDecl& handler,
                                  const clang::SourceManager& sources);
    /// A call or table registering a callable under a literal: answers route and key queries.
    void on_registration(const Registration& registration, clang::ASTContext& context);
    void on_rpc(const clang::CXXMethodDecl& method, clang::ASTContext& context);
    void on_lambda(const clang::LambdaExpr& lambda, clang::ASTContext& context);
    void on_test_literal(const clang::StringLiteral& literal, const clang::SourceManager& sources);
    /// Sets the site's definition to `function`'s and follows its calls.
    void define(CodeSite& site, const clang::FunctionDecl& function, std::string name,
                clang::SourceRange written, const clang::SourceManager& sources);
    /// Follows calls from a handler's body, breadth first, up to the callee depth.
    std::vector<Callee> callees_of(const clang::FunctionDecl& handler,
                                   const clang::SourceManager& sources) const;
    /// The sites `decl` answers for: several when handlers differ only in template arguments.
    std::vector<CodeSite*> sites_for(const clang::FunctionDecl& decl);
    CodeSite& site(const std::string& handler);
    void add_registration(CodeSite& site, const RegistrationSite& registration);

    QueryIndex m_index;
    RepoScope m_scope;
    unsigned m_callee_depth = 1;
    std::map<std::string, CodeSite> m_sites;
    std::map<std::string, std::string> m_resolved;
    std::map<std::string, int> m_match_score; ///< id -> score of the registration it took
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
