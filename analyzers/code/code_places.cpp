// The OpenTelemetry locator: code.filepath + code.lineno -> the function containing that line.
#include "analyzers/code/locate.hpp"
#include "analyzers/code/parallel_parse.hpp"
#include "analyzers/code/registrations.hpp"
#include "analyzers/code/source_ranges.hpp"
#include "analyzers/code/units.hpp"
#include "bot/model/result.hpp"

#include <clang/AST/ASTContext.h>
#include <clang/ASTMatchers/ASTMatchers.h>
#include <clang/Tooling/JSONCompilationDatabase.h>
#include <map>
#include <set>

namespace medic::code {
namespace {

using namespace clang::ast_matchers;

/// Path components shared at the end: "/ci/src/shop/src/a.cpp" vs "src/a.cpp" -> 2.
std::size_t common_suffix(const std::filesystem::path& a, const std::filesystem::path& b) {
    std::vector<std::string> left(a.begin(), a.end());
    std::vector<std::string> right(b.begin(), b.end());
    std::size_t shared = 0;
    while (shared < left.size() && shared < right.size() &&
           left[left.size() - 1 - shared] == right[right.size() - 1 - shared])
        ++shared;
    return shared;
}

bool skipped_directory(const std::filesystem::path& path) {
    auto const name = path.filename().string();
    return name.starts_with(".") || name.starts_with("build") || name == "node_modules";
}

/// Repository files (relative) by file name: read once, however many places are resolved.
std::multimap<std::string, std::filesystem::path> files_by_name(const std::filesystem::path& root) {
    std::multimap<std::string, std::filesystem::path> files;
    std::error_code error;
    for (auto it = std::filesystem::recursive_directory_iterator(root, error);
         !error && it != std::filesystem::recursive_directory_iterator(); it.increment(error)) {
        if (it->is_directory() && skipped_directory(it->path()))
            it.disable_recursion_pending();
        else if (it->is_regular_file())
            files.emplace(it->path().filename().string(), it->path().lexically_relative(root));
    }
    return files;
}

/// The repository file a telemetry path names: same file name, longest shared tail (ties: the
/// first in path order).
std::optional<std::string>
resolve_file(const std::multimap<std::string, std::filesystem::path>& files,
             const std::string& filepath) {
    std::filesystem::path const wanted = std::filesystem::path(filepath).lexically_normal();
    std::optional<std::string> best;
    std::size_t best_shared = 0;
    auto const [first, last] = files.equal_range(wanted.filename().string());
    for (auto it = first; it != last; ++it) {
        auto const shared = common_suffix(it->second, wanted);
        if (shared > best_shared ||
            (shared == best_shared && best && it->second.string() < *best)) {
            best_shared = shared;
            best = it->second.string();
        }
    }
    return best;
}

/// True when `lambda` is a handler of its own: the callable of a call that registers it under a
/// route, topic or key (svr.Get("/x", [](...){...}), CROW_ROUTE(app, "/x")([]{...})).
bool is_registered(const clang::LambdaExpr& lambda, clang::ASTContext& context) {
    auto node = clang::DynTypedNode::create(lambda);
    for (int depth = 0; depth < 8; ++depth) {
        auto const parents = context.getParents(node);
        if (parents.empty())
            return false;
        node = parents[0];
        if (auto const* call = node.get<clang::CallExpr>()) {
            auto const registration = registration_of_call(*call, context);
            return registration && registration->lambda == &lambda;
        }
    }
    return false;
}

/// Per unit: for each wanted (file, line), the smallest function definition containing it; a
/// lambda registered as a handler counts as a function of its own.
class PlaceJob : public UnitJob, public MatchFinder::MatchCallback {
public:
    PlaceJob(const std::vector<PlaceMatch>& wanted, const std::filesystem::path& root,
             std::map<std::size_t, PlaceMatch>& best)
        : m_wanted(wanted), m_root(root), m_best(best) {}
    void add_matchers(MatchFinder& finder) override {
        finder.addMatcher(
            functionDecl(isDefinition(), unless(isImplicit()), unless(isExpansionInSystemHeader()))
                .bind("function"),
            this);
        finder.addMatcher(lambdaExpr(unless(isExpansionInSystemHeader())).bind("lambda"), this);
    }
    void run(const MatchFinder::MatchResult& result) override {
        auto const& sources = *result.SourceManager;
        if (auto const* lambda = result.Nodes.getNodeAs<clang::LambdaExpr>("lambda")) {
            if (is_in_repo(lambda->getBeginLoc(), sources, m_root) &&
                is_registered(*lambda, *result.Context))
                consider(to_model_range(lambda->getSourceRange(), sources, m_root),
                         function_name(*lambda->getCallOperator(), sources, m_root));
            return;
        }
        auto const* function = result.Nodes.getNodeAs<clang::FunctionDecl>("function");
        if (function->isTemplateInstantiation() || is_lambda_body(*function) ||
            !is_in_repo(function->getLocation(), sources, m_root))
            return;
        consider(to_model_range(written_range(*function), sources, m_root),
                 function->getQualifiedNameAsString());
    }
    /// Takes `range` for each wanted place it contains, when it is smaller than what was found.
    void consider(const SourceRange& range, const std::string& name) {
        for (std::size_t i = 0; i < m_wanted.size(); ++i) {
            auto const line = static_cast<unsigned>(m_wanted[i].place.lineno);
            if (range.file != m_wanted[i].file || line < range.begin_line || line > range.end_line)
                continue;
            auto const it = m_found.find(i);
            if (it == m_found.end() || span(range) < span(it->second.definition))
                m_found[i] = {m_wanted[i].place, range.file, name, range};
        }
    }
    void merge(const std::string&) override {
        for (auto const& [index, match] : m_found)
            if (!m_best.contains(index) || span(match.definition) < span(m_best[index].definition))
                m_best[index] = match;
    }

private:
    static unsigned span(const SourceRange& range) { return range.end_line - range.begin_line; }

    const std::vector<PlaceMatch>& m_wanted;
    const std::filesystem::path& m_root;
    std::map<std::size_t, PlaceMatch>& m_best;
    std::map<std::size_t, PlaceMatch> m_found;
};

/// The units to parse for some repository files: the files themselves when they are units,
/// else one unit per header that includes them.
std::vector<std::string> units_for(const clang::tooling::CompilationDatabase& database,
                                   const std::filesystem::path& root,
                                   const std::vector<PlaceMatch>& wanted) {
    std::set<std::string> units;
    std::vector<std::string> headers;
    auto const all = database.getAllFiles();
    for (auto const& match : wanted) {
        auto const absolute = std::filesystem::weakly_canonical(root / match.file).string();
        if (std::find(all.begin(), all.end(), absolute) != all.end())
            units.insert(absolute);
        else
            headers.push_back(std::filesystem::path(match.file).filename().string());
    }
    if (!headers.empty())
        for (auto const& unit : units_containing(database, headers))
            units.insert(unit);
    return {units.begin(), units.end()};
}

} // namespace

Result<std::vector<PlaceMatch>> functions_at(const ProjectOptions& options,
                                             const std::vector<CodePlace>& places) {
    MEDIC_TRY(opened, open_compile_database(options));
    auto const root = std::filesystem::canonical(options.repo);
    auto const files = files_by_name(root);
    std::vector<PlaceMatch> wanted;
    for (auto const& place : places)
        if (auto file = resolve_file(files, place.filepath); file && place.lineno > 0)
            wanted.push_back({place, *file, {}, {}});
    std::map<std::size_t, PlaceMatch> best;
    ParallelParse parse{
        opened->dir, hashed_units(*opened, units_for(*opened->database, root, wanted)), options,
        [&](const std::string&) { return std::make_unique<PlaceJob>(wanted, root, best); }};
    parse_in_parallel(parse);
    std::vector<PlaceMatch> matches;
    for (auto const& [index, match] : best)
        matches.push_back(match);
    return matches;
}

} // namespace medic::code
