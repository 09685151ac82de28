// perf-range-for-copy: `for (auto x : container)` copies every costly element. Fix-it:
// `const auto&` (or `const T&`) when the loop body never mutates or moves the element.
#include "analyzers/code/checks/checks.hpp"

#include <clang/Analysis/Analyses/ExprMutationAnalyzer.h>

namespace medic::code {
namespace {

using namespace clang::ast_matchers;

class RangeForCopyCheck final : public Check {
public:
    CheckInfo info() const override {
        return {"perf-range-for-copy", "range-for loop copies each expensive element",
                "docs/checks/perf-range-for-copy.md"};
    }

    void register_matchers(MatchFinder& finder) override {
        finder.addMatcher(cxxForRangeStmt(hasLoopVariable(varDecl().bind("element")),
                                          hasAncestor(scope().function))
                              .bind("loop"),
                          this);
    }

    void run(const MatchFinder::MatchResult& result) override {
        auto const* loop = result.Nodes.getNodeAs<clang::CXXForRangeStmt>("loop");
        auto const* element = result.Nodes.getNodeAs<clang::VarDecl>("element");
        if (!is_expensive_to_copy(element->getType(), *result.Context))
            return;
        if (clang::ExprMutationAnalyzer(*loop->getBody(), *result.Context).isMutated(element))
            return; // the copy is used as a working copy
        // A copy per iteration of an object that owns memory: heavier than the amortized
        // reallocations of a push_back without reserve in the same loop.
        auto* finding =
            report(result, element->getSourceRange(),
                   "'" + element->getNameAsString() + "' copies every element of the range", 1.5);
        if (finding == nullptr)
            return;
        if (auto fix = as_const_reference(*this, result, *element))
            finding->fixes.push_back(*fix);
    }
};

} // namespace

std::unique_ptr<Check> make_range_for_copy_check() {
    return std::make_unique<RangeForCopyCheck>();
}

} // namespace medic::code
