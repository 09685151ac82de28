// perf-map-double-lookup: `if (m.count(k)) ... m[k]` (or find/contains then [] or at) looks the
// key up twice. Fix-it, when the condition is exactly the lookup: one find() in the if's
// init-statement, and the iterator's value where the branch looked the key up again.
#include "analyzers/code/checks/checks.hpp"

#include <set>

namespace medic::code {
namespace {

using namespace clang::ast_matchers;

auto map_type() {
    return hasType(hasCanonicalType(hasDeclaration(cxxRecordDecl(hasAnyName(
        "::std::map", "::std::unordered_map", "::std::multimap", "::std::unordered_multimap")))));
}

/// m[k] or m.at(k), binding the map as "map2" and the key as "key2".
auto second_lookup() {
    return anyOf(cxxOperatorCallExpr(hasOverloadedOperatorName("[]"),
                                     hasArgument(0, expr(map_type()).bind("map2")),
                                     hasArgument(1, expr().bind("key2"))),
                 cxxMemberCallExpr(callee(cxxMethodDecl(hasName("at"))),
                                   on(expr(map_type()).bind("map2")),
                                   hasArgument(0, expr().bind("key2"))));
}

class MapDoubleLookupCheck final : public Check {
public:
    CheckInfo info() const override {
        return {"perf-map-double-lookup", "a map looked up twice for the same key",
                "docs/checks/perf-map-double-lookup.md"};
    }

    void register_matchers(MatchFinder& finder) override {
        auto const first =
            cxxMemberCallExpr(callee(cxxMethodDecl(hasAnyName("count", "contains", "find"))),
                              on(expr(map_type()).bind("map1")),
                              hasArgument(0, expr().bind("key1")))
                .bind("first");
        finder.addMatcher(ifStmt(hasCondition(hasDescendant(first)),
                                 hasThen(hasDescendant(expr(second_lookup()).bind("second"))),
                                 hasAncestor(scope().function), optionally(inside_loop()))
                              .bind("if"),
                          this);
    }

    void run(const MatchFinder::MatchResult& result) override {
        auto const* if_stmt = result.Nodes.getNodeAs<clang::IfStmt>("if");
        if (!m_seen.insert(if_stmt).second)
            return; // one finding per if, however many lookups its branch repeats
        auto const text = [&](const char* id) {
            auto const* e = result.Nodes.getNodeAs<clang::Expr>(id);
            return e == nullptr ? std::string() : source_text(result, e->getSourceRange());
        };
        if (text("map1") != text("map2") || text("key1") != text("key2"))
            return;
        auto const* second = result.Nodes.getNodeAs<clang::Expr>("second");
        auto* finding =
            report(result, second->getSourceRange(),
                   "'" + text("map1") + "' is searched twice for '" + text("key1") + "'", 0.5);
        if (finding == nullptr)
            return;
        auto const refusal = refusal_of(result, *if_stmt, text("map1"), text("key1"));
        if (!refusal.empty()) {
            finding->fix_note = "look the key up once with find() and use the iterator (" +
                                refusal + ", so Medic does not rewrite it)";
            return;
        }
        if (auto fixes = rewrite(result, *if_stmt, text("map1"), text("key1")))
            finding->fixes = std::move(*fixes);
        else
            finding->fix_note = "look the key up once with find() and use the iterator (the "
                                "code is inside a macro)";
    }

private:
    /// Why the rewrite would not be the same program; empty when it is safe.
    std::string refusal_of(const MatchFinder::MatchResult& result, const clang::IfStmt& if_stmt,
                           const std::string& map, const std::string& key) const {
        auto const* first = result.Nodes.getNodeAs<clang::CXXMemberCallExpr>("first");
        auto const* condition = if_stmt.getCond()->IgnoreImplicit();
        if (if_stmt.getInit() != nullptr || if_stmt.getConditionVariable() != nullptr)
            return "the if already has an init-statement";
        if (condition != first)
            return "the condition is more than the lookup (e.g. negated: the branch creates the "
                   "entry; try_emplace fits there)";
        if (first->getMethodDecl()->getName() == "find")
            return "the condition tests find()'s iterator itself";
        for (auto const& node :
             match(findAll(cxxMemberCallExpr(on(expr(map_type()).bind("map")),
                                             unless(callee(cxxMethodDecl(hasName("at")))))
                               .bind("call")),
                   *if_stmt.getThen(), *result.Context))
            if (auto const* on_map = node.getNodeAs<clang::Expr>("map");
                source_text(result, on_map->getSourceRange()) == map)
                return "the branch calls other members of '" + map + "'";
        if (source_text(result, if_stmt.getThen()->getSourceRange()).find(key + " =") !=
            std::string::npos)
            return "the branch assigns '" + key + "'";
        return {};
    }

    /// `if (auto it = m.find(k); it != m.end())` and `it->second` for each repeated lookup.
    std::optional<std::vector<FixIt>> rewrite(const MatchFinder::MatchResult& result,
                                              const clang::IfStmt& if_stmt, const std::string& map,
                                              const std::string& key) const {
        auto const branch = source_text(result, if_stmt.getThen()->getSourceRange());
        std::string const name = branch.find("found") == std::string::npos ? "found" : "found_it";
        auto const* condition = if_stmt.getCond();
        auto first = replace(
            result, clang::CharSourceRange::getTokenRange(condition->getSourceRange()),
            "auto " + name + " = " + map + ".find(" + key + "); " + name + " != " + map + ".end()");
        if (!first)
            return std::nullopt;
        std::vector<FixIt> fixes{*first};
        for (auto const& node : match(findAll(expr(second_lookup()).bind("lookup")),
                                      *if_stmt.getThen(), *result.Context)) {
            auto const* lookup = node.getNodeAs<clang::Expr>("lookup");
            if (source_text(result, node.getNodeAs<clang::Expr>("map2")->getSourceRange()) != map ||
                source_text(result, node.getNodeAs<clang::Expr>("key2")->getSourceRange()) != key)
                continue;
            auto fix =
                replace(result, clang::CharSourceRange::getTokenRange(lookup->getSourceRange()),
                        "(" + name + "->second)");
            if (!fix)
                return std::nullopt;
            fixes.push_back(*fix);
        }
        return fixes;
    }

    std::set<const clang::IfStmt*> m_seen;
};

} // namespace

std::unique_ptr<Check> make_map_double_lookup_check() {
    return std::make_unique<MapDoubleLookupCheck>();
}

} // namespace medic::code
