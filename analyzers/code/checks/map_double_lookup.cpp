// perf-map-double-lookup: `if (m.count(k)) ... m[k]` (or find/contains then [] or at) looks the
// key up twice. No fix-it here: the rewrite (one find, use the iterator) changes the code's shape.
#include "analyzers/code/checks/checks.hpp"

namespace medic::code {
namespace {

using namespace clang::ast_matchers;

class MapDoubleLookupCheck final : public Check {
public:
    CheckInfo info() const override {
        return {"perf-map-double-lookup", "a map looked up twice for the same key",
                "docs/checks/perf-map-double-lookup.md"};
    }

    void register_matchers(MatchFinder& finder) override {
        auto const map_type = hasType(hasCanonicalType(hasDeclaration(
            cxxRecordDecl(hasAnyName("::std::map", "::std::unordered_map", "::std::multimap",
                                     "::std::unordered_multimap")))));
        auto const first =
            cxxMemberCallExpr(callee(cxxMethodDecl(hasAnyName("count", "contains", "find"))),
                              on(expr(map_type).bind("map1")), hasArgument(0, expr().bind("key1")));
        auto const second = anyOf(cxxOperatorCallExpr(hasOverloadedOperatorName("[]"),
                                                      hasArgument(0, expr(map_type).bind("map2")),
                                                      hasArgument(1, expr().bind("key2"))),
                                  cxxMemberCallExpr(callee(cxxMethodDecl(hasName("at"))),
                                                    on(expr(map_type).bind("map2")),
                                                    hasArgument(0, expr().bind("key2"))));
        finder.addMatcher(ifStmt(hasCondition(hasDescendant(first)),
                                 hasThen(hasDescendant(expr(second).bind("second"))),
                                 hasAncestor(scope().function), optionally(inside_loop()))
                              .bind("if"),
                          this);
    }

    void run(const MatchFinder::MatchResult& result) override {
        auto const text = [&](const char* id) {
            auto const* e = result.Nodes.getNodeAs<clang::Expr>(id);
            return e == nullptr ? std::string() : source_text(result, e->getSourceRange());
        };
        if (text("map1") != text("map2") || text("key1") != text("key2"))
            return;
        auto const* second = result.Nodes.getNodeAs<clang::Expr>("second");
        if (auto* finding =
                report(result, second->getSourceRange(),
                       "'" + text("map1") + "' is searched twice for '" + text("key1") + "'", 0.5))
            finding->fix_note = "look the key up once with find() and use the iterator";
    }
};

} // namespace

std::unique_ptr<Check> make_map_double_lookup_check() {
    return std::make_unique<MapDoubleLookupCheck>();
}

} // namespace medic::code
