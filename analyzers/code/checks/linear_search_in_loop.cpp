// perf-linear-search-in-loop: std::find/count/any_of over a container inside a loop makes the
// loop quadratic. Fix-it, for `std::find(c.begin(), c.end(), v) != c.end()` (== too, and
// std::ranges::find, and std::count(...) used as a condition) when `c` is declared outside the
// loop and not modified in it, and its elements are hashable (integers, enums, pointers,
// strings): an std::unordered_set built once before the loop, and a lookup in it.
#include "analyzers/code/checks/checks.hpp"

#include <clang/Analysis/Analyses/ExprMutationAnalyzer.h>

namespace medic::code {
namespace {

using namespace clang::ast_matchers;

const clang::Expr* bare(const clang::Expr* expr) {
    return expr == nullptr ? nullptr : expr->IgnoreImplicit()->IgnoreParens();
}

/// The container `call` searches: c in std::find(c.begin(), c.end(), v), std::ranges::find(c, v).
const clang::Expr* searched_container(const clang::CallExpr& call, bool ranges) {
    if (ranges)
        return call.getNumArgs() == 2 ? bare(call.getArg(0)) : nullptr;
    if (call.getNumArgs() != 3)
        return nullptr;
    auto const* begin = llvm::dyn_cast<clang::CXXMemberCallExpr>(bare(call.getArg(0)));
    auto const* end = llvm::dyn_cast<clang::CXXMemberCallExpr>(bare(call.getArg(1)));
    if (begin == nullptr || end == nullptr || begin->getMethodDecl() == nullptr ||
        end->getMethodDecl() == nullptr || !begin->getMethodDecl()->getName().ends_with("begin") ||
        !end->getMethodDecl()->getName().ends_with("end"))
        return nullptr;
    return bare(begin->getImplicitObjectArgument());
}

/// The set's element type when `container`'s elements can go in an std::unordered_set as they
/// are: integers, enums, pointers, std::string, std::string_view.
std::optional<std::string> hashable_element(const clang::Expr& container,
                                            const clang::ASTContext& context) {
    auto const* record = llvm::dyn_cast_or_null<clang::ClassTemplateSpecializationDecl>(
        container.getType().getNonReferenceType()->getAsCXXRecordDecl());
    if (record == nullptr || record->getTemplateArgs().size() == 0 ||
        record->getTemplateArgs()[0].getKind() != clang::TemplateArgument::Type)
        return std::nullopt;
    auto const element = record->getTemplateArgs()[0].getAsType();
    auto const canonical = element.getCanonicalType();
    if (canonical->isIntegralOrEnumerationType() || canonical->isPointerType())
        return element.getAsString(context.getPrintingPolicy());
    auto const* text = canonical->getAsCXXRecordDecl();
    if (text == nullptr)
        return std::nullopt;
    auto const name = text->getQualifiedNameAsString();
    if (name == "std::basic_string" || name == "std::__cxx11::basic_string")
        return "std::string";
    if (name == "std::basic_string_view")
        return "std::string_view";
    return std::nullopt;
}

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
        bool const ranges = llvm::isa<clang::CXXMethodDecl>(callee);
        if (ranges) {
            auto const object =
                llvm::cast<clang::CXXMethodDecl>(callee)->getParent()->getNameAsString();
            name = "ranges::" + object.substr(2, object.size() - 5); // __find_fn -> ranges::find
        }
        auto* finding =
            report(result, call->getSourceRange(),
                   "std::" + name + " scans a whole range on every loop iteration", 3.0);
        if (finding == nullptr)
            return;
        auto const refusal = rewrite(result, *call, name, *finding);
        if (!refusal.empty())
            finding->fix_note = "build an std::unordered_set (or map) of the searched values once, "
                                "before the loop (" +
                                refusal + ", so Medic does not write it for you)";
    }

private:
    /// The test the search makes, and what it becomes: `found` is true for `!= end` (found),
    /// false for `== end` (not found).
    struct Test {
        const clang::Expr* whole = nullptr;
        bool found = true;
    };

    /// The C++20 rewritten comparison (`a != b` as `!(a == b)`) `op` is the semantic form of.
    static const clang::CXXRewrittenBinaryOperator*
    rewritten_around(const MatchFinder::MatchResult& result, const clang::Expr& op) {
        auto node = clang::DynTypedNode::create(op);
        for (int depth = 0; depth < 4; ++depth) {
            auto const parents = result.Context->getParents(node);
            if (parents.empty())
                return nullptr;
            if (auto const* rewritten = parents[0].get<clang::CXXRewrittenBinaryOperator>())
                return rewritten;
            if (parents[0].get<clang::UnaryOperator>() == nullptr &&
                parents[0].get<clang::ImplicitCastExpr>() == nullptr &&
                parents[0].get<clang::ParenExpr>() == nullptr)
                return nullptr;
            node = parents[0];
        }
        return nullptr;
    }

    /// `find(...) != c.end()`, `find(...) == c.end()`, `count(...)` as a condition or `> 0`.
    static std::optional<Test> test_of(const MatchFinder::MatchResult& result,
                                       const clang::CallExpr& call, const std::string& name,
                                       const std::string& container) {
        auto parents = result.Context->getParents(call);
        while (!parents.empty() && (parents[0].get<clang::ImplicitCastExpr>() != nullptr ||
                                    parents[0].get<clang::ParenExpr>() != nullptr ||
                                    parents[0].get<clang::MaterializeTemporaryExpr>() != nullptr ||
                                    parents[0].get<clang::CXXBindTemporaryExpr>() != nullptr))
            parents = result.Context->getParents(parents[0]);
        if (parents.empty())
            return std::nullopt;
        if (auto const* op = parents[0].get<clang::CXXOperatorCallExpr>();
            op != nullptr && (name == "find" || name == "ranges::find") && op->getNumArgs() == 2) {
            auto const kind = op->getOperator();
            auto const* other = bare(op->getArg(0)) == bare(&call) ? op->getArg(1) : op->getArg(0);
            if ((kind == clang::OO_ExclaimEqual || kind == clang::OO_EqualEqual) &&
                source_text(result, other->getSourceRange()) == container + ".end()") {
                // C++20 writes `a != b` as `!(a == b)` when only == is declared (libstdc++'s
                // iterators): the written operator is the rewritten one around it.
                if (auto const* rewritten = rewritten_around(result, *op))
                    return Test{rewritten, rewritten->getOperator() == clang::BO_NE};
                return Test{op, kind == clang::OO_ExclaimEqual};
            }
        }
        if (name == "count") {
            if (auto const* binary = parents[0].get<clang::BinaryOperator>();
                binary != nullptr &&
                source_text(result, binary->getRHS()->getSourceRange()) == "0" &&
                (binary->getOpcode() == clang::BO_GT || binary->getOpcode() == clang::BO_NE ||
                 binary->getOpcode() == clang::BO_EQ))
                return Test{binary, binary->getOpcode() != clang::BO_EQ};
            if (parents[0].get<clang::IfStmt>() != nullptr || parents[0].get<clang::WhileStmt>())
                return Test{&call, true};
        }
        return std::nullopt;
    }

    /// Why `container` cannot be hashed once before the loop; empty when it can.
    static std::string hoisting_refusal(const MatchFinder::MatchResult& result,
                                        const clang::Expr& container, const clang::Stmt& loop) {
        const clang::Expr* base = &container;
        while (auto const* member = llvm::dyn_cast<clang::MemberExpr>(base))
            base = bare(member->getBase());
        auto const* variable = llvm::dyn_cast<clang::DeclRefExpr>(base);
        auto const* declared =
            variable ? llvm::dyn_cast<clang::VarDecl>(variable->getDecl()) : nullptr;
        if (declared == nullptr)
            return "the searched range is not a variable or a member of one";
        auto const& sources = *result.SourceManager;
        if (!sources.isBeforeInTranslationUnit(declared->getLocation(), loop.getBeginLoc()))
            return "the searched range is declared inside the loop";
        clang::ExprMutationAnalyzer mutations(loop, *result.Context);
        if (mutations.isMutated(declared))
            return "the loop may change the searched range";
        return {};
    }

    std::string rewrite(const MatchFinder::MatchResult& result, const clang::CallExpr& call,
                        const std::string& name, Finding& finding) const {
        auto const* loop = result.Nodes.getNodeAs<clang::Stmt>("loop");
        bool const ranges = name.starts_with("ranges::");
        auto const* container = (name == "find" || name == "count" || name == "ranges::find")
                                    ? searched_container(call, ranges)
                                    : nullptr;
        if (container == nullptr || loop == nullptr)
            return "only std::find and std::count over a whole container are rewritten";
        auto const text = source_text(result, container->getSourceRange());
        auto const test = test_of(result, call, name, text);
        if (!test)
            return "the result is used for more than a membership test";
        auto const element = hashable_element(*container, *result.Context);
        if (!element)
            return "its elements are not integers, enums, pointers or strings";
        if (auto refusal = hoisting_refusal(result, *container, *loop); !refusal.empty())
            return refusal;
        auto const set = set_name(result, text);
        auto const value =
            source_text(result, call.getArg(call.getNumArgs() - 1)->getSourceRange());
        bool const cpp20 = result.Context->getLangOpts().CPlusPlus20;
        auto const lookup =
            cpp20 ? set + ".contains(" + value + ")" : set + ".count(" + value + ") != 0";
        auto declare =
            insert(result, loop->getBeginLoc(),
                   "const std::unordered_set<" + *element + "> " + set + "(" + text + ".begin(), " +
                       text + ".end());\n" + indentation_of(result, loop->getBeginLoc()));
        auto use =
            replace(result, clang::CharSourceRange::getTokenRange(test->whole->getSourceRange()),
                    test->found ? lookup : "!(" + lookup + ")");
        if (!declare || !use)
            return "the search is inside a macro";
        finding.fixes = {*declare, *use};
        if (auto include = include_unordered_set(result, *loop))
            finding.fixes.push_back(*include);
        return {};
    }

    /// "<last name of the container>_set", made unique in the function.
    static std::string set_name(const MatchFinder::MatchResult& result,
                                const std::string& container) {
        auto const start = container.find_last_of(".>:") == std::string::npos
                               ? 0
                               : container.find_last_of(".>:") + 1;
        std::string name = container.substr(start) + "_set";
        while (function_spells(result, name))
            name += "_";
        return name;
    }

    /// `#include <unordered_set>` after the file's last #include, unless it is there already.
    std::optional<FixIt> include_unordered_set(const MatchFinder::MatchResult& result,
                                               const clang::Stmt& loop) const {
        auto const& sources = *result.SourceManager;
        auto const file = sources.getFileID(sources.getExpansionLoc(loop.getBeginLoc()));
        auto const text = sources.getBufferData(file);
        if (text.contains("<unordered_set>"))
            return std::nullopt;
        auto const last = text.rfind("\n#include");
        auto const line_end = last == llvm::StringRef::npos ? 0 : text.find('\n', last + 1);
        auto const offset = line_end == llvm::StringRef::npos ? 0 : line_end + 1;
        return insert(result, sources.getLocForStartOfFile(file).getLocWithOffset(offset),
                      "#include <unordered_set>\n");
    }
};

} // namespace

std::unique_ptr<Check> make_linear_search_in_loop_check() {
    return std::make_unique<LinearSearchInLoopCheck>();
}

} // namespace medic::code
