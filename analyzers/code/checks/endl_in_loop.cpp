// perf-endl-in-loop: std::endl writes '\n' and flushes; in a loop over a file or socket stream
// that is one system call per line. Fix-it: '\n' (the stream still flushes when it closes).
#include "analyzers/code/checks/checks.hpp"

namespace medic::code {
namespace {

using namespace clang::ast_matchers;

class EndlInLoopCheck final : public Check {
public:
    CheckInfo info() const override {
        return {"perf-endl-in-loop", "std::endl (a flush per line) inside a loop",
                "docs/checks/perf-endl-in-loop.md"};
    }

    void register_matchers(MatchFinder& finder) override {
        finder.addMatcher(declRefExpr(to(functionDecl(hasName("::std::endl"))), inside_loop(),
                                      hasAncestor(scope().function))
                              .bind("endl"),
                          this);
    }

    void run(const MatchFinder::MatchResult& result) override {
        auto const* endl = result.Nodes.getNodeAs<clang::DeclRefExpr>("endl");
        auto* finding = report(result, endl->getSourceRange(),
                               "std::endl flushes the stream on every iteration", 2.0);
        if (finding == nullptr)
            return;
        if (auto fix = replace(
                result, clang::CharSourceRange::getTokenRange(endl->getSourceRange()), "'\\n'"))
            finding->fixes.push_back(*fix);
    }
};

} // namespace

std::unique_ptr<Check> make_endl_in_loop_check() {
    return std::make_unique<EndlInLoopCheck>();
}

} // namespace medic::code
