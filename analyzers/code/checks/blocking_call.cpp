// perf-blocking-call-in-handler: sleeping, or opening files, in a request handler (or what it
// calls) blocks the worker thread for the duration. No fix-it: move it off the request path.
#include "analyzers/code/checks/checks.hpp"

namespace medic::code {
namespace {

using namespace clang::ast_matchers;

class BlockingCallCheck final : public Check {
public:
    CheckInfo info() const override {
        return {"perf-blocking-call-in-handler", "sleep or file I/O on the request path",
                "docs/checks/perf-blocking-call-in-handler.md"};
    }

    void register_matchers(MatchFinder& finder) override {
        auto const sleeping = callExpr(callee(functionDecl(
            hasAnyName("::std::this_thread::sleep_for", "::std::this_thread::sleep_until",
                       "::sleep", "::usleep", "::nanosleep", "::system"))));
        auto const file_stream =
            cxxConstructExpr(hasType(hasCanonicalType(hasDeclaration(cxxRecordDecl(hasAnyName(
                "::std::basic_ofstream", "::std::basic_ifstream", "::std::basic_fstream"))))));
        auto const c_file =
            callExpr(callee(functionDecl(hasAnyName("::fopen", "::fopen64", "::open"))));
        finder.addMatcher(stmt(anyOf(sleeping, file_stream, c_file), hasAncestor(scope().function),
                               optionally(inside_loop()))
                              .bind("blocking"),
                          this);
    }

    void run(const MatchFinder::MatchResult& result) override {
        auto const* blocking = result.Nodes.getNodeAs<clang::Stmt>("blocking");
        bool const file =
            llvm::isa<clang::CXXConstructExpr>(blocking) ||
            source_text(result, blocking->getSourceRange()).find("open") != std::string::npos;
        if (auto* finding = report(result, blocking->getSourceRange(),
                                   file ? "opens a file on the request path"
                                        : "sleeps or blocks the request thread",
                                   1.5))
            finding->fix_note =
                "move the I/O off the request path (queue it, batch it, or open the file once)";
    }
};

} // namespace

std::unique_ptr<Check> make_blocking_call_check() {
    return std::make_unique<BlockingCallCheck>();
}

} // namespace medic::code
