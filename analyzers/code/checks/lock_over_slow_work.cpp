// perf-lock-held-over-slow-work: a std::lock_guard/unique_lock/scoped_lock whose scope also
// writes to a stream, formats, builds a regex or sleeps: every other thread waits for that work.
// No fix-it: narrowing a critical section needs a person to check what the lock protects.
#include "analyzers/code/checks/checks.hpp"

namespace medic::code {
namespace {

using namespace clang::ast_matchers;

class LockOverSlowWorkCheck final : public Check {
public:
    CheckInfo info() const override {
        return {"perf-lock-held-over-slow-work",
                "a lock held while looping, doing I/O or building a regex",
                "docs/checks/perf-lock-held-over-slow-work.md"};
    }

    void register_matchers(MatchFinder& finder) override {
        auto const lock =
            varDecl(hasType(hasCanonicalType(hasDeclaration(cxxRecordDecl(hasAnyName(
                        "::std::lock_guard", "::std::unique_lock", "::std::scoped_lock"))))))
                .bind("lock");
        finder.addMatcher(compoundStmt(has(declStmt(has(lock)).bind("declaration")),
                                       hasAncestor(scope().function))
                              .bind("block"),
                          this);
    }

    void run(const MatchFinder::MatchResult& result) override {
        auto const* block = result.Nodes.getNodeAs<clang::CompoundStmt>("block");
        auto const* declaration = result.Nodes.getNodeAs<clang::DeclStmt>("declaration");
        auto const* lock = result.Nodes.getNodeAs<clang::VarDecl>("lock");
        bool after = false;
        for (auto const* statement : block->body()) {
            if (statement == declaration) {
                after = true;
                continue;
            }
            if (after && !match(stmt(anyOf(slow_work(), hasDescendant(slow_work()))), *statement,
                                *result.Context)
                              .empty()) {
                if (auto* finding = report(
                        result, lock->getSourceRange(),
                        "'" + lock->getNameAsString() +
                            "' is held while the code below it writes, formats or builds a regex",
                        1.5))
                    finding->fix_note = "prepare the output first, then lock only to publish it "
                                        "(or copy, unlock, write)";
                return;
            }
        }
    }

private:
    /// Work that takes long and is not the shared state the lock protects: stream output,
    /// file or string streams, regex construction, flushing and sleeping. Loops that only
    /// update the protected state are the critical section's purpose and are not reported.
    static StatementMatcher slow_work() {
        auto const stream = hasType(hasCanonicalType(
            hasDeclaration(cxxRecordDecl(isSameOrDerivedFrom(hasName("::std::basic_ostream"))))));
        return stmt(anyOf(
            cxxOperatorCallExpr(hasOverloadedOperatorName("<<"), hasArgument(0, expr(stream))),
            cxxMemberCallExpr(callee(cxxMethodDecl(hasAnyName("flush", "write"))),
                              on(expr(stream))),
            cxxConstructExpr(hasType(hasCanonicalType(hasDeclaration(cxxRecordDecl(
                hasAnyName("::std::basic_regex", "::std::basic_ofstream", "::std::basic_ifstream",
                           "::std::basic_fstream", "::std::basic_ostringstream")))))),
            callExpr(
                callee(functionDecl(hasAnyName("::std::this_thread::sleep_for", "::fopen",
                                               "::fwrite", "::fprintf", "::sleep", "::usleep"))))));
    }
};

} // namespace

std::unique_ptr<Check> make_lock_over_slow_work_check() {
    return std::make_unique<LockOverSlowWorkCheck>();
}

} // namespace medic::code
