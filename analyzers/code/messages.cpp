// The error-message locator: a Drain template -> the call that builds that message.
#include "analyzers/code/locate.hpp"
#include "analyzers/code/names.hpp"
#include "analyzers/code/parallel_parse.hpp"
#include "analyzers/code/project.hpp"
#include "analyzers/code/source_ranges.hpp"
#include "analyzers/code/unit_cache.hpp"
#include "analyzers/code/units.hpp"
#include "bot/model/json.hpp"
#include "bot/model/result.hpp"

#include <clang/AST/ASTContext.h>
#include <clang/AST/ParentMapContext.h>
#include <clang/ASTMatchers/ASTMatchers.h>
#include <clang/Tooling/JSONCompilationDatabase.h>

namespace medic::code {
namespace {

using namespace clang::ast_matchers;

/// The constant parts of a template worth matching: "<*>" splits it, short pieces are dropped.
std::vector<std::string> fragments_of(std::string_view pattern) {
    std::vector<std::string> fragments;
    std::size_t start = 0;
    while (start <= pattern.size()) {
        auto const end = pattern.find("<*>", start);
        auto piece = std::string(pattern.substr(
            start, end == std::string_view::npos ? std::string_view::npos : end - start));
        auto const first = piece.find_first_not_of(" '\"");
        auto const last = piece.find_last_not_of(" '\"");
        piece = first == std::string::npos ? std::string() : piece.substr(first, last - first + 1);
        if (piece.size() >= 3)
            fragments.push_back(piece);
        if (end == std::string_view::npos)
            break;
        start = end + 3;
    }
    return fragments;
}

/// Characters of `fragments` found in `text` in order, or 0 when one is missing.
std::size_t matched(const std::vector<std::string>& fragments, std::string_view text) {
    std::size_t position = 0;
    std::size_t total = 0;
    for (auto const& fragment : fragments) {
        auto const found = text.find(fragment, position);
        if (found == std::string_view::npos)
            return 0;
        position = found + fragment.size();
        total += fragment.size();
    }
    return total;
}

const clang::StringLiteral* literal_of(const clang::Expr* expression) {
    expression = expression->IgnoreImplicit();
    if (auto const* construct = llvm::dyn_cast<clang::CXXConstructExpr>(expression);
        construct && construct->getNumArgs() >= 1)
        expression = construct->getArg(0)->IgnoreImplicit();
    return llvm::dyn_cast<clang::StringLiteral>(expression);
}

struct Candidate {
    std::size_t score = 0;
    MessageSite site;
};

/// Keeps, per pattern, the better-scoring candidate of `into` and `from`.
void keep_best(std::map<std::string, Candidate>& into,
               const std::map<std::string, Candidate>& from) {
    for (auto const& [pattern, candidate] : from)
        if (candidate.score > into[pattern].score)
            into[pattern] = candidate;
}

class MessageJob : public UnitJob, public MatchFinder::MatchCallback {
public:
    MessageJob(const std::vector<std::string>& patterns, const std::filesystem::path& root,
               std::map<std::string, Candidate>& best, const CandidateUnit& unit,
               const UnitCache& cache)
        : m_patterns(patterns), m_root(root), m_best(best), m_unit(unit), m_cache(cache) {
        for (auto const& pattern : patterns)
            m_fragments.push_back(fragments_of(pattern));
    }
    void add_matchers(MatchFinder& finder) override {
        auto const literal_argument = hasAnyArgument(ignoringImplicit(anyOf(
            stringLiteral(), cxxConstructExpr(hasArgument(0, ignoringImplicit(stringLiteral()))))));
        finder.addMatcher(
            expr(anyOf(callExpr(literal_argument), cxxConstructExpr(literal_argument)),
                 hasAncestor(functionDecl(isDefinition()).bind("function")))
                .bind("call"),
            this);
    }
    void run(const MatchFinder::MatchResult& result) override {
        auto const* call = result.Nodes.getNodeAs<clang::Expr>("call");
        auto const* function = result.Nodes.getNodeAs<clang::FunctionDecl>("function");
        if (!is_in_repo(call->getBeginLoc(), *result.SourceManager, m_root))
            return;
        auto const where = to_model_range(call->getSourceRange(), *result.SourceManager, m_root);
        if (is_test_path(where.file))
            return; // tests assert on messages; the code under test builds them
        std::string text;
        for (auto const* child : call->children())
            if (auto const* argument = llvm::dyn_cast_or_null<clang::Expr>(child))
                if (auto const* literal = literal_of(argument))
                    text += (text.empty() ? "" : " … ") + literal->getString().str();
        for (std::size_t i = 0; i < m_patterns.size(); ++i) {
            auto const score = m_fragments[i].empty() ? 0 : matched(m_fragments[i], text);
            auto& best = m_found[m_patterns[i]];
            if (score > best.score)
                best = {score, {m_patterns[i], function->getQualifiedNameAsString(), where, text}};
        }
    }
    void merge(const std::string&) override {
        nlohmann::json found = nlohmann::json::object();
        for (auto const& [pattern, candidate] : m_found)
            found[pattern] = {{"score", candidate.score}, {"site", candidate.site}};
        m_cache.store(m_unit, {{"found", found}});
        keep_best(m_best, m_found);
    }

private:
    const std::vector<std::string>& m_patterns;
    std::vector<std::vector<std::string>> m_fragments;
    const std::filesystem::path& m_root;
    std::map<std::string, Candidate>& m_best;
    const CandidateUnit& m_unit;
    const UnitCache& m_cache;
    std::map<std::string, Candidate> m_found;
};

/// A unit's candidates as the cache keeps them, back into Candidates.
std::map<std::string, Candidate> candidates_from(const nlohmann::json& found) {
    std::map<std::string, Candidate> candidates;
    for (auto const& [pattern, entry] : found.items())
        candidates[pattern] = {entry.at("score").get<std::size_t>(),
                               entry.at("site").get<MessageSite>()};
    return candidates;
}

} // namespace

Result<std::vector<MessageSite>> locate_messages(const ProjectOptions& options,
                                                 const std::vector<std::string>& patterns) {
    MEDIC_TRY(opened, open_compile_database(options));
    auto const* database_dir = &opened->dir;
    std::vector<std::string> needles; // the longest constant part of each template
    for (auto const& pattern : patterns) {
        auto fragments = fragments_of(pattern);
        if (!fragments.empty())
            needles.push_back(*std::max_element(
                fragments.begin(), fragments.end(),
                [](auto const& a, auto const& b) { return a.size() < b.size(); }));
    }
    auto const root = std::filesystem::canonical(options.repo);
    std::map<std::string, Candidate> best;
    auto const units = hashed_units(*opened, units_containing(*opened->database, needles));
    UnitCache const cache(medic_cache_dir() / "messages", "messages-v1", patterns);
    auto const to_parse = cache.split(units, [&best](const nlohmann::json& cached) {
        if (!cached.contains("found"))
            return false;
        keep_best(best, candidates_from(cached["found"]));
        return true;
    });
    ParallelParse parse{*database_dir, units_of(to_parse), options, [&](const std::string& file) {
                            return std::make_unique<MessageJob>(patterns, root, best,
                                                                *to_parse.at(file), cache);
                        }};
    parse_in_parallel(parse);
    std::vector<MessageSite> sites;
    for (auto const& pattern : patterns)
        if (auto const it = best.find(pattern); it != best.end() && it->second.score > 0)
            sites.push_back(it->second.site);
    return sites;
}

} // namespace medic::code
