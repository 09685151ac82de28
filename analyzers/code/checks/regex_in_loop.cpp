// perf-regex-in-loop: a std::regex built inside a loop, or on every call, compiles its pattern
// each time (microseconds to milliseconds). Fix-it: a named regex with a constant pattern
// becomes `static const`, built once.
#include "analyzers/code/checks/checks.hpp"

namespace medic::code {
namespace {

using namespace clang::ast_matchers;

/// The pattern is a string literal and refers to no variable: hoisting it cannot change it.
bool is_constant_pattern(const clang::Expr& pattern, const MatchFinder::MatchResult& result) {
    auto const has_literal = match(expr(anyOf(stringLiteral(), hasDescendant(stringLiteral()))),
                                   pattern, *result.Context);
    auto const has_variable =
        match(expr(anyOf(declRefExpr(to(varDecl())), hasDescendant(declRefExpr(to(varDecl()))))),
              pattern, *result.Context);
    return !has_literal.empty() && has_variable.empty();
}

class RegexInLoopCheck final : public Check {
public:
    CheckInfo info() const override {
        return {"perf-regex-in-loop", "std::regex constructed in a loop or on every call",
                "docs/checks/perf-regex-in-loop.md"};
    }

    void register_matchers(MatchFinder& finder) override {
        auto const regex =
            hasType(hasCanonicalType(hasDeclaration(cxxRecordDecl(hasName("::std::basic_regex")))));
        finder.addMatcher(cxxConstructExpr(regex, hasAncestor(scope().function),
                                           optionally(inside_loop()),
                                           optionally(hasParent(varDecl().bind("var"))))
                              .bind("construct"),
                          this);
    }

    void run(const MatchFinder::MatchResult& result) override {
        auto const* construct = result.Nodes.getNodeAs<clang::CXXConstructExpr>("construct");
        auto const* var = result.Nodes.getNodeAs<clang::VarDecl>("var");
        if (var != nullptr && var->isStaticLocal())
            return; // built once already
        bool const in_loop = result.Nodes.getNodeAs<clang::Stmt>("loop") != nullptr;
        auto* finding = report(result, construct->getSourceRange(),
                               in_loop ? "std::regex is compiled on every loop iteration"
                                       : "std::regex is compiled on every call",
                               in_loop ? 4.0 : 2.0);
        if (finding == nullptr)
            return;
        bool const constant_pattern =
            construct->getNumArgs() > 0 && is_constant_pattern(*construct->getArg(0), result);
        if (var == nullptr || !constant_pattern || !var->getType().isConstQualified()) {
            finding->fix_note =
                "hoist it to a `static const std::regex` (needs a named, const regex with a "
                "constant pattern)";
            return;
        }
        if (auto fix = replace(
                result,
                clang::CharSourceRange::getCharRange(var->getBeginLoc(), var->getBeginLoc()),
                "static "))
            finding->fixes.push_back(*fix);
    }
};

} // namespace

std::unique_ptr<Check> make_regex_in_loop_check() {
    return std::make_unique<RegexInLoopCheck>();
}

} // namespace medic::code
