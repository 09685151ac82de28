// perf-regex-in-loop: a std::regex built inside a loop, or on every call, compiles its pattern
// each time (microseconds to milliseconds). Fix-it: a named regex with a constant pattern
// becomes `static const`, built once; a temporary one in a loop becomes a `static const` declared
// before the loop.
#include "analyzers/code/checks/checks.hpp"

namespace medic::code {
namespace {

using namespace clang::ast_matchers;

/// The pattern is spelled by string literals and namespace-scope constants only: hoisting it
/// cannot change it.
bool is_constant_pattern(const clang::Expr& pattern, const MatchFinder::MatchResult& result) {
    auto const literals = match(expr(anyOf(stringLiteral(), hasDescendant(stringLiteral()))),
                                pattern, *result.Context);
    auto const variables =
        match(findAll(declRefExpr(to(varDecl().bind("variable")))), pattern, *result.Context);
    bool constants_only = true;
    for (auto const& bound : variables) {
        auto const* variable = bound.getNodeAs<clang::VarDecl>("variable");
        constants_only = constants_only && variable->hasGlobalStorage() &&
                         !variable->isStaticLocal() && variable->getType().isConstQualified();
    }
    return (!literals.empty() || !variables.empty()) && constants_only;
}

/// A name for a hoisted regex: "k_rate_line" -> "rate_line_regex", a literal -> "pattern_regex".
std::string hoisted_name(const clang::Expr& pattern) {
    std::string base = "pattern";
    if (auto const* ref = llvm::dyn_cast<clang::DeclRefExpr>(pattern.IgnoreImplicit()))
        base = ref->getDecl()->getNameAsString();
    if (base.starts_with("k_"))
        base = base.substr(2);
    return base + "_regex";
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
        if (var == nullptr && in_loop && constant_pattern) {
            hoist_temporary(result, *construct, *finding);
            return;
        }
        if (var == nullptr || !constant_pattern || !var->getType().isConstQualified()) {
            finding->fix_note =
                "hoist it to a `static const std::regex` (needs a named, const regex with a "
                "constant pattern)";
            return;
        }
        if (auto fix = insert(result, var->getBeginLoc(), "static "))
            finding->fixes.push_back(*fix);
    }

private:
    /// `std::regex(k_x)` in a loop: `static const std::regex x_regex(k_x);` before the loop,
    /// and the temporary replaced by its name.
    void hoist_temporary(const MatchFinder::MatchResult& result,
                         const clang::CXXConstructExpr& construct, Finding& finding) const {
        auto const* loop = result.Nodes.getNodeAs<clang::Stmt>("loop");
        auto const name = hoisted_name(*construct.getArg(0));
        if (function_spells(result, name)) {
            finding.fix_note = "hoist it to a `static const std::regex` before the loop (Medic "
                               "would name it '" +
                               name + "', which the function already uses)";
            return;
        }
        std::string arguments;
        for (auto const* argument : construct.arguments())
            if (!llvm::isa<clang::CXXDefaultArgExpr>(argument))
                arguments += (arguments.empty() ? "" : ", ") +
                             source_text(result, argument->getSourceRange());
        auto declare = insert(result, loop->getBeginLoc(),
                              "static const std::regex " + name + "(" + arguments + ");\n" +
                                  indentation_of(result, loop->getBeginLoc()));
        auto use = replace(result,
                           clang::CharSourceRange::getTokenRange(construct.getSourceRange()), name);
        if (declare && use)
            finding.fixes = {*declare, *use};
        else
            finding.fix_note = "hoist it to a `static const std::regex` before the loop (it is "
                               "written inside a macro, so Medic does not rewrite it)";
    }
};

} // namespace

std::unique_ptr<Check> make_regex_in_loop_check() {
    return std::make_unique<RegexInLoopCheck>();
}

} // namespace medic::code
