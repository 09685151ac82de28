// perf-push-back-without-reserve: push_back/emplace_back on a std::vector in a loop whose trip
// count is known, with no reserve() on that vector in the function: it reallocates and moves
// (or copies) its elements log2(n) times. Fix-it, when every iteration appends:
// `v.reserve(v.size() + range.size());` before a range-for over a named range; over a computed
// range with a size(), the range is first bound to a name exactly as the loop itself would
// (`auto&& r = expr;`), so it is still evaluated once.
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

    /// True when `append` is a statement of the loop body itself (runs on every iteration).
    static bool appends_every_iteration(const clang::Stmt* loop_body,
                                        const clang::CXXMemberCallExpr* append) {
        auto const* body = llvm::dyn_cast_or_null<clang::CompoundStmt>(loop_body);
        return body != nullptr &&
               std::any_of(body->body_begin(), body->body_end(), [&](const clang::Stmt* s) {
                   auto const* expression = llvm::dyn_cast<clang::Expr>(s);
                   return expression != nullptr && expression->IgnoreImplicit() == append;
               });
    }

    /// `for (T i = 0; i < bound; ++i)` with a side-effect-free bound: the bound, else null.
    static const clang::Expr* counted_bound(const clang::ForStmt& loop) {
        auto const* init = llvm::dyn_cast_or_null<clang::DeclStmt>(loop.getInit());
        auto const* counter = init && init->isSingleDecl()
                                  ? llvm::dyn_cast<clang::VarDecl>(init->getSingleDecl())
                                  : nullptr;
        auto const* start =
            counter && counter->getInit()
                ? llvm::dyn_cast<clang::IntegerLiteral>(counter->getInit()->IgnoreImplicit())
                : nullptr;
        auto const* condition = llvm::dyn_cast_or_null<clang::BinaryOperator>(loop.getCond());
        auto const* step = llvm::dyn_cast_or_null<clang::UnaryOperator>(loop.getInc());
        if (start == nullptr || start->getValue() != 0 || condition == nullptr ||
            condition->getOpcode() != clang::BO_LT || step == nullptr || !step->isIncrementOp())
            return nullptr;
        auto const* compared =
            llvm::dyn_cast<clang::DeclRefExpr>(condition->getLHS()->IgnoreImplicit());
        auto const* bound = condition->getRHS()->IgnoreImplicit();
        bool const plain =
            llvm::isa<clang::DeclRefExpr>(bound) || llvm::isa<clang::MemberExpr>(bound);
        return compared && compared->getDecl() == counter && plain ? bound : nullptr;
    }

    /// `v.reserve(v.size() + bound)` before a counted loop (guarded when the bound is signed).
    void reserve_counted(const MatchFinder::MatchResult& result, Finding& finding,
                         const std::string& vector) const {
        auto const* loop = result.Nodes.getNodeAs<clang::ForStmt>("loop");
        auto const* append = result.Nodes.getNodeAs<clang::CXXMemberCallExpr>("append");
        auto const* bound = loop ? counted_bound(*loop) : nullptr;
        if (bound == nullptr || !appends_every_iteration(loop->getBody(), append) ||
            vector.find('(') != std::string::npos) {
            finding.weight /= 2;
            finding.fix_note = "reserve the expected size before the loop (the loop is not a "
                               "plain counted loop appending on every iteration, so Medic does "
                               "not write it for you)";
            return;
        }
        auto const indent = indentation_of(result, loop->getBeginLoc());
        auto const count = source_text(result, bound->getSourceRange());
        auto const reserve = vector + ".reserve(" + vector + ".size() + ";
        auto const text = bound->getType()->isUnsignedIntegerType()
                              ? reserve + count + ");\n" + indent
                              : "if (" + count + " > 0) {\n" + indent + "    " + reserve +
                                    "static_cast<std::size_t>(" + count + "));\n" + indent + "}\n" +
                                    indent;
        if (auto fix = insert(result, loop->getBeginLoc(), text))
            finding.fixes.push_back(*fix);
    }

    void suggest_reserve(const MatchFinder::MatchResult& result, Finding& finding,
                         const std::string& vector) {
        auto const* loop = result.Nodes.getNodeAs<clang::CXXForRangeStmt>("loop");
        auto const* append = result.Nodes.getNodeAs<clang::CXXMemberCallExpr>("append");
        if (loop == nullptr) {
            reserve_counted(result, finding, vector);
            return;
        }
        bool const every_iteration = appends_every_iteration(loop->getBody(), append);
        auto const* range = loop->getRangeInit()->IgnoreImplicit();
        bool const named =
            llvm::isa<clang::DeclRefExpr>(range) || llvm::isa<clang::MemberExpr>(range);
        if (!every_iteration)
            finding.weight /= 2; // appends only sometimes: fewer reallocations than it looks
        bool const sized = has_size(range->getType());
        if (!every_iteration || !(named || sized) || vector.find('(') != std::string::npos) {
            finding.fix_note = "reserve the expected size before the loop (the loop does not "
                               "append on every iteration, or its range has no size(), so Medic "
                               "does not write it for you)";
            return;
        }
        auto const indent = indentation_of(result, loop->getBeginLoc());
        auto range_text = source_text(result, range->getSourceRange());
        std::string binding;
        if (!named) {
            auto const name = loop->getLoopVariable()->getNameAsString() + "_range";
            if (function_spells(result, name)) {
                finding.fix_note = "reserve the expected size before the loop (Medic would name "
                                   "the range '" +
                                   name + "', which the function already uses)";
                return;
            }
            binding = "auto&& " + name + " = " + range_text + ";\n" + indent;
            auto rename = replace(
                result, clang::CharSourceRange::getTokenRange(range->getSourceRange()), name);
            if (!rename)
                return;
            finding.fixes.push_back(*rename);
            range_text = name;
        }
        if (auto fix = insert(result, loop->getBeginLoc(),
                              binding + vector + ".reserve(" + vector + ".size() + " + range_text +
                                  ".size());\n" + indent))
            finding.fixes.insert(finding.fixes.begin(), *fix);
    }

    /// True for a class type with a size() member (vector, span, string, map, ...).
    static bool has_size(clang::QualType type) {
        auto const* record = type.getNonReferenceType()->getAsCXXRecordDecl();
        if (record == nullptr || !record->hasDefinition())
            return false;
        return std::any_of(record->method_begin(), record->method_end(),
                           [](const clang::CXXMethodDecl* m) {
                               return m->getDeclName().isIdentifier() && m->getName() == "size";
                           });
    }
};

} // namespace

std::unique_ptr<Check> make_push_back_without_reserve_check() {
    return std::make_unique<PushBackWithoutReserveCheck>();
}

} // namespace medic::code
