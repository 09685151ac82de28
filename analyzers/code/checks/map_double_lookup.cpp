// perf-map-double-lookup: `if (m.count(k)) ... m[k]` (or find/contains then [] or at) looks the
// key up twice. Fix-it, when the condition is exactly the lookup: one find() in the if's
// init-statement, and the iterator's value where the branch looked the key up again; when it is
// the negated lookup (`if (!m.contains(k)) m[k]...`, the branch creating the entry): one
// try_emplace() in the init-statement, the branch taken when it inserted.
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
        bool const creates = tests_absence(result, *if_stmt);
        auto const remedy = creates ? std::string("insert once with try_emplace() and use the "
                                                  "iterator it returns")
                                    : std::string("look the key up once with find() and use the "
                                                  "iterator");
        auto const refusal = refusal_of(result, *if_stmt, text("map1"), text("key1"), creates);
        if (!refusal.empty()) {
            finding->fix_note = remedy + " (" + refusal + ", so Medic does not rewrite it)";
            return;
        }
        if (auto fixes = rewrite(result, *if_stmt, text("map1"), text("key1"), creates))
            finding->fixes = std::move(*fixes);
        else
            finding->fix_note = remedy + " (the code is inside a macro)";
    }

private:
    /// True when the condition is exactly "the key is absent": !m.contains(k), !m.count(k),
    /// m.count(k) == 0, m.find(k) == m.end().
    static bool tests_absence(const MatchFinder::MatchResult& result,
                              const clang::IfStmt& if_stmt) {
        auto const* first = result.Nodes.getNodeAs<clang::CXXMemberCallExpr>("first");
        auto const* condition = if_stmt.getCond()->IgnoreImplicit()->IgnoreParens();
        auto const method = first->getMethodDecl()->getName();
        if (auto const* negation = llvm::dyn_cast<clang::UnaryOperator>(condition))
            return negation->getOpcode() == clang::UO_LNot &&
                   negation->getSubExpr()->IgnoreImplicit()->IgnoreParens() == first &&
                   method != "find";
        auto const text = source_text(result, condition->getSourceRange());
        auto const map = source_text(result, first->getImplicitObjectArgument()->getSourceRange());
        auto const call = source_text(result, first->getSourceRange());
        return (method == "count" && text == call + " == 0") ||
               (method == "find" && text == call + " == " + map + ".end()");
    }

    /// True for std::map and std::unordered_map (the maps try_emplace keeps one entry per key in).
    static bool is_unique_map(const MatchFinder::MatchResult& result) {
        auto const* map = result.Nodes.getNodeAs<clang::Expr>("map1");
        auto const* record = map->getType().getNonReferenceType()->getAsCXXRecordDecl();
        auto const name = record ? record->getQualifiedNameAsString() : std::string();
        return name == "std::map" || name == "std::unordered_map";
    }

    /// Why the rewrite would not be the same program; empty when it is safe.
    std::string refusal_of(const MatchFinder::MatchResult& result, const clang::IfStmt& if_stmt,
                           const std::string& map, const std::string& key, bool creates) const {
        auto const* first = result.Nodes.getNodeAs<clang::CXXMemberCallExpr>("first");
        auto const* condition = if_stmt.getCond()->IgnoreImplicit();
        if (if_stmt.getInit() != nullptr || if_stmt.getConditionVariable() != nullptr)
            return "the if already has an init-statement";
        if (creates && !is_unique_map(result))
            return "a multimap keeps several entries per key";
        if (!creates && condition != first)
            return "the condition is more than the lookup";
        if (!creates && first->getMethodDecl()->getName() == "find")
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

    /// `if (auto it = m.find(k); it != m.end())` (or, when the branch creates the entry,
    /// `if (auto [it, inserted] = m.try_emplace(k); inserted)`) and `it->second` for each
    /// repeated lookup.
    std::optional<std::vector<FixIt>> rewrite(const MatchFinder::MatchResult& result,
                                              const clang::IfStmt& if_stmt, const std::string& map,
                                              const std::string& key, bool creates) const {
        std::string name = "found";
        while (function_spells(result, name) || function_spells(result, name + "_inserted"))
            name += "_it";
        auto const* condition = if_stmt.getCond();
        auto const test = creates ? "auto [" + name + ", " + name + "_inserted] = " + map +
                                        ".try_emplace(" + key + "); " + name + "_inserted"
                                  : "auto " + name + " = " + map + ".find(" + key + "); " + name +
                                        " != " + map + ".end()";
        auto first = replace(
            result, clang::CharSourceRange::getTokenRange(condition->getSourceRange()), test);
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
