// perf-string-concat-in-loop: `s = s + x` in a loop copies the whole string every time
// (quadratic). Fix-it: `s += x` (for `s = s + a + b`, `s += a; s += b` when it is a statement).
#include "analyzers/code/checks/checks.hpp"

namespace medic::code {
namespace {

using namespace clang::ast_matchers;

/// The operands of a left-leaning `+` chain: `s + a + b` -> {s, a, b}.
void plus_operands(const clang::Expr* expr, std::vector<const clang::Expr*>& out) {
    expr = expr->IgnoreImplicit();
    if (auto const* bind = llvm::dyn_cast<clang::CXXBindTemporaryExpr>(expr))
        expr = bind->getSubExpr()->IgnoreImplicit();
    if (auto const* plus = llvm::dyn_cast<clang::CXXOperatorCallExpr>(expr);
        plus != nullptr && plus->getOperator() == clang::OO_Plus && plus->getNumArgs() == 2) {
        plus_operands(plus->getArg(0), out);
        out.push_back(plus->getArg(1));
        return;
    }
    out.push_back(expr);
}

class StringConcatInLoopCheck final : public Check {
public:
    CheckInfo info() const override {
        return {"perf-string-concat-in-loop", "s = s + x on a std::string inside a loop",
                "docs/checks/perf-string-concat-in-loop.md"};
    }

    void register_matchers(MatchFinder& finder) override {
        auto const string = hasType(
            hasCanonicalType(hasDeclaration(cxxRecordDecl(hasName("::std::basic_string")))));
        finder.addMatcher(cxxOperatorCallExpr(hasOverloadedOperatorName("="),
                                              hasArgument(0, expr(string).bind("target")),
                                              inside_loop(), hasAncestor(scope().function))
                              .bind("assign"),
                          this);
    }

    void run(const MatchFinder::MatchResult& result) override {
        auto const* assign = result.Nodes.getNodeAs<clang::CXXOperatorCallExpr>("assign");
        auto const target = source_text(result, assign->getArg(0)->getSourceRange());
        std::vector<const clang::Expr*> operands;
        plus_operands(assign->getArg(1), operands);
        if (operands.size() < 2 ||
            source_text(result, operands.front()->getSourceRange()) != target)
            return; // not `s = s + ...`
        auto* finding = report(result, assign->getSourceRange(),
                               "'" + target + " = " + target +
                                   " + ...' copies the whole string on every iteration",
                               2.5);
        if (finding == nullptr)
            return;
        // A statement of its own (temporaries add an ExprWithCleanups between it and the block).
        auto parents = result.Context->getParents(*assign);
        if (!parents.empty() && parents[0].get<clang::ExprWithCleanups>() != nullptr)
            parents = result.Context->getParents(parents[0]);
        bool const statement = !parents.empty() && parents[0].get<clang::CompoundStmt>() != nullptr;
        if (operands.size() > 2 && !statement) {
            finding->fix_note = "the assignment is part of a larger expression";
            return;
        }
        // One append per statement, each on its own line at the statement's indentation.
        auto const indent = indentation_of(result, assign->getBeginLoc());
        std::string rewrite;
        for (std::size_t i = 1; i < operands.size(); ++i)
            rewrite += (i > 1 ? ";\n" + indent : std::string()) + target +
                       " += " + source_text(result, operands[i]->getSourceRange());
        if (auto fix = replace(
                result, clang::CharSourceRange::getTokenRange(assign->getSourceRange()), rewrite))
            finding->fixes.push_back(*fix);
    }
};

} // namespace

std::unique_ptr<Check> make_string_concat_in_loop_check() {
    return std::make_unique<StringConcatInLoopCheck>();
}

} // namespace medic::code
