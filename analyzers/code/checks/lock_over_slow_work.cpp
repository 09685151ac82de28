// perf-lock-held-over-slow-work: a std::lock_guard/unique_lock/scoped_lock whose scope also
// holds a loop, I/O or a regex: every other thread waits for that work. No fix-it: narrowing a
// critical section needs a person to check what the lock protects.
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
                                       unless(isInTemplateInstantiation()),
                                       hasAncestor(scope().function))
                              .bind("block"),
                          this);
    }

    void run(const MatchFinder::MatchResult& result) override {
        auto const* block = result.Nodes.getNodeAs<clang::CompoundStmt>("block");
        auto const* declaration = result.Nodes.getNodeAs<clang::DeclStmt>("declaration");
        auto const* lock = result.Nodes.getNodeAs<clang::VarDecl>("lock");
        auto const slow = stmt(
            anyOf(forStmt(), cxxForRangeStmt(), whileStmt(), doStmt(),
                  cxxConstructExpr(hasType(hasCanonicalType(hasDeclaration(cxxRecordDecl(hasAnyName(
                      "::std::basic_regex", "::std::basic_ofstream", "::std::basic_ifstream",
                      "::std::basic_fstream", "::std::basic_ostringstream"))))))));
        bool after = false;
        for (auto const* statement : block->body()) {
            if (statement == declaration) {
                after = true;
                continue;
            }
            if (after && !match(stmt(anyOf(slow, hasDescendant(slow))), *statement, *result.Context)
                              .empty()) {
                if (auto* finding =
                        report(result, lock->getSourceRange(),
                               "'" + lock->getNameAsString() +
                                   "' is held while the work below it loops or does I/O",
                               1.5))
                    finding->fix_note =
                        "copy what the lock protects, release it, then do the slow work";
                return;
            }
        }
    }
};

} // namespace

std::unique_ptr<Check> make_lock_over_slow_work_check() {
    return std::make_unique<LockOverSlowWorkCheck>();
}

} // namespace medic::code
