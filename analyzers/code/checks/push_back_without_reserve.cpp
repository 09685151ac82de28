// perf-push-back-without-reserve: push_back/emplace_back on a std::vector in a loop whose trip
// count is known, with no reserve() on that vector in the function: it reallocates and moves
// (or copies) its elements log2(n) times. Fix-it: `v.reserve(v.size() + range.size());` before
// a range-for over a named range, when every iteration appends.
#include "analyzers/code/checks/checks.hpp"

namespace medic::code {
namespace {

using namespace clang::ast_matchers;

class PushBackWithoutReserveCheck final : public Check {
public:
    CheckInfo info() const override {
        return {"perf-push-back-without-reserve",
                "push_back in a loop of known size without reserve()",
                "docs/checks/perf-push-back-without-reserve.md"};
    }

    void register_matchers(MatchFinder& finder) override {
        auto const append = cxxMethodDecl(hasAnyName("push_back", "emplace_back"),
                                          ofClass(hasName("::std::vector")));
        auto const known_size =
            stmt(anyOf(cxxForRangeStmt(),
                       forStmt(hasCondition(binaryOperator(hasAnyOperatorName("<", "!=", "<="))))))
                .bind("loop");
        finder.addMatcher(cxxMemberCallExpr(callee(append), hasAncestor(known_size),
                                            hasAncestor(scope().function))
                              .bind("append"),
                          this);
    }

    void run(const MatchFinder::MatchResult& result) override {
        auto const* append = result.Nodes.getNodeAs<clang::CXXMemberCallExpr>("append");
        auto const* function = result.Nodes.getNodeAs<clang::FunctionDecl>("function");
        auto const vector =
            source_text(result, append->getImplicitObjectArgument()->getSourceRange());
        if (reserves(result, *function, vector))
            return;
        auto* finding = report(
            result, append->getSourceRange(),
            "'" + vector + "' grows one element at a time in a loop of known size; reserve() first",
            1.0);
        if (finding != nullptr)
            suggest_reserve(result, *finding, vector);
    }

private:
    static bool reserves(const MatchFinder::MatchResult& result,
                         const clang::FunctionDecl& function, const std::string& vector) {
        auto const calls = match(
            functionDecl(forEachDescendant(
                cxxMemberCallExpr(callee(cxxMethodDecl(hasName("reserve")))).bind("reserve"))),
            function, *result.Context);
        for (auto const& bound : calls)
            if (auto const* call = bound.getNodeAs<clang::CXXMemberCallExpr>("reserve"))
                if (source_text(result, call->getImplicitObjectArgument()->getSourceRange()) ==
                    vector)
                    return true;
        return false;
    }

    void suggest_reserve(const MatchFinder::MatchResult& result, Finding& finding,
                         const std::string& vector) {
        auto const* loop = result.Nodes.getNodeAs<clang::CXXForRangeStmt>("loop");
        auto const* append = result.Nodes.getNodeAs<clang::CXXMemberCallExpr>("append");
        auto const* body =
            loop == nullptr ? nullptr : llvm::dyn_cast<clang::CompoundStmt>(loop->getBody());
        bool const every_iteration =
            body != nullptr &&
            std::any_of(body->body_begin(), body->body_end(), [&](const clang::Stmt* s) {
                auto const* expression = llvm::dyn_cast<clang::Expr>(s);
                return expression != nullptr && expression->IgnoreImplicit() == append;
            });
        auto const* range = loop == nullptr ? nullptr : loop->getRangeInit()->IgnoreImplicit();
        bool const named = range != nullptr && (llvm::isa<clang::DeclRefExpr>(range) ||
                                                llvm::isa<clang::MemberExpr>(range));
        if (!every_iteration || !named || vector.find('(') != std::string::npos) {
            finding.fix_note =
                "reserve the expected size before the loop (the size here is not a plain, named "
                "range "
                "appended to on every iteration, so Medic does not write it for you)";
            return;
        }
        auto const range_text = source_text(result, range->getSourceRange());
        auto const indent = std::string(
            result.SourceManager->getExpansionColumnNumber(loop->getBeginLoc()) - 1, ' ');
        if (auto fix = replace(
                result,
                clang::CharSourceRange::getCharRange(loop->getBeginLoc(), loop->getBeginLoc()),
                vector + ".reserve(" + vector + ".size() + " + range_text + ".size());\n" + indent))
            finding.fixes.push_back(*fix);
    }
};

} // namespace

std::unique_ptr<Check> make_push_back_without_reserve_check() {
    return std::make_unique<PushBackWithoutReserveCheck>();
}

} // namespace medic::code
