// perf-linear-search-in-loop: std::find/count/any_of over a container inside a loop makes the
// loop quadratic. No fix-it: the remedy (an unordered_set or map built once) is a design change.
#include "analyzers/code/checks/checks.hpp"

namespace medic::code {
namespace {

using namespace clang::ast_matchers;

class LinearSearchInLoopCheck final : public Check {
public:
    CheckInfo info() const override {
        return {"perf-linear-search-in-loop", "linear search (std::find and friends) inside a loop",
                "docs/checks/perf-linear-search-in-loop.md"};
    }

    void register_matchers(MatchFinder& finder) override {
        auto const search =
            functionDecl(hasAnyName("::std::find", "::std::find_if", "::std::find_if_not",
                                    "::std::count", "::std::count_if", "::std::any_of",
                                    "::std::none_of", "::std::all_of", "::std::search"));
        // std::ranges::find and friends are function objects: a call is operator() of __find_fn.
        auto const ranges_search = cxxMethodDecl(
            hasOverloadedOperatorName("()"),
            ofClass(cxxRecordDecl(matchesName("^::std::ranges::__(find|find_if|find_if_not|count|"
                                              "count_if|any_of|none_of|all_of|search)_fn$"))));
        finder.addMatcher(callExpr(callee(functionDecl(anyOf(search, ranges_search))),
                                   inside_loop(), hasAncestor(scope().function))
                              .bind("call"),
                          this);
    }

    void run(const MatchFinder::MatchResult& result) override {
        auto const* call = result.Nodes.getNodeAs<clang::CallExpr>("call");
        auto const* callee = call->getDirectCallee();
        auto name = callee->getNameAsString();
        if (auto const* method = llvm::dyn_cast<clang::CXXMethodDecl>(callee)) {
            auto const object = method->getParent()->getNameAsString(); // __find_fn -> ranges::find
            name = "ranges::" + object.substr(2, object.size() - 5);
        }
        if (auto* finding =
                report(result, call->getSourceRange(),
                       "std::" + name + " scans a whole range on every loop iteration", 3.0))
            finding->fix_note =
                "build an std::unordered_set (or map) of the searched values once, before the loop";
    }
};

} // namespace

std::unique_ptr<Check> make_linear_search_in_loop_check() {
    return std::make_unique<LinearSearchInLoopCheck>();
}

} // namespace medic::code
