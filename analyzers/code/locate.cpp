#include "analyzers/code/locate.hpp"

#include "analyzers/code/compile_arguments.hpp"
#include "analyzers/code/handler_finder.hpp"
#include "analyzers/code/prefilter.hpp"
#include "analyzers/code/project.hpp"

#include <atomic>
#include <clang/Basic/Diagnostic.h>
#include <clang/Tooling/JSONCompilationDatabase.h>
#include <clang/Tooling/Tooling.h>
#include <mutex>
#include <thread>

namespace medic::code {
namespace {

/// Keeps the first error of a unit instead of printing every diagnostic.
class FirstError : public clang::DiagnosticConsumer {
public:
    void HandleDiagnostic(clang::DiagnosticsEngine::Level level,
                          const clang::Diagnostic& info) override {
        clang::DiagnosticConsumer::HandleDiagnostic(level, info);
        if (level >= clang::DiagnosticsEngine::Error && m_first.empty()) {
            llvm::SmallString<256> text;
            info.FormatDiagnostic(text);
            auto const& sources = info.getSourceManager();
            auto const location = sources.getPresumedLoc(info.getLocation());
            if (location.isValid())
                m_first.append(location.getFilename())
                    .append(":")
                    .append(std::to_string(location.getLine()))
                    .append(": ");
            m_first.append(text.c_str());
        }
    }
    [[nodiscard]] const std::string& first() const { return m_first; }

private:
    std::string m_first;
};

std::vector<std::filesystem::path> include_dirs_of(const clang::tooling::CompileCommand& command) {
    std::vector<std::filesystem::path> dirs;
    auto const& args = command.CommandLine;
    for (std::size_t i = 0; i < args.size(); ++i) {
        std::string_view arg = args[i];
        for (std::string_view flag : {"-I", "-iquote"}) {
            if (arg == flag && i + 1 < args.size())
                dirs.emplace_back(args[i + 1]);
            else if (arg.starts_with(flag) && arg.size() > flag.size())
                dirs.emplace_back(arg.substr(flag.size()));
        }
    }
    for (auto& dir : dirs)
        if (dir.is_relative())
            dir = std::filesystem::path(command.Directory) / dir;
    return dirs;
}

/// Units whose text (with the project headers they include) spells a handler's name.
std::vector<std::string> candidate_units(const clang::tooling::CompilationDatabase& database,
                                         const std::vector<std::string>& handlers) {
    std::vector<std::vector<std::string>> token_sets;
    for (auto const& handler : handlers)
        token_sets.push_back(required_tokens(handler));
    std::vector<std::string> units;
    for (auto const& file : database.getAllFiles()) {
        auto const commands = database.getCompileCommands(file);
        if (!commands.empty() && may_mention(file, include_dirs_of(commands.front()), token_sets))
            units.push_back(file);
    }
    return units;
}

/// What the workers share: the next unit to take, results, problems, progress.
struct Shared {
    Shared(const std::vector<std::string>& units_, const std::vector<std::string>& handlers_,
           const std::filesystem::path& root_, const std::filesystem::path& database_dir_,
           const ProjectOptions& options_)
        : units(units_), handlers(handlers_), root(root_), database_dir(database_dir_),
          options(options_) {}

    const std::vector<std::string>& units;
    const std::vector<std::string>& handlers;
    const std::filesystem::path& root;
    const std::filesystem::path& database_dir;
    const ProjectOptions& options;
    std::atomic<std::size_t> next{0};
    std::mutex mutex;
    std::map<std::string, CodeSite> sites;
    std::vector<std::string> problems;
};

/// One worker: its own compile database copy and one ClangTool per unit, so a unit that fails
/// to parse is known by name and the others still count.
void parse_units(Shared& shared) {
    std::string error;
    auto database = clang::tooling::JSONCompilationDatabase::loadFromDirectory(
        shared.database_dir.string(), error);
    for (std::size_t i = shared.next++; i < shared.units.size(); i = shared.next++) {
        auto const& unit = shared.units[i];
        if (shared.options.on_progress) {
            std::string status = "[";
            status.append(std::to_string(i + 1))
                .append("/")
                .append(std::to_string(shared.units.size()));
            status.append("] parsing ").append(unit);
            std::lock_guard lock(shared.mutex);
            shared.options.on_progress(status);
        }
        clang::tooling::ClangTool tool(*database, {unit});
        tool.appendArgumentsAdjuster(clang_compatible_arguments());
        FirstError diagnostics;
        tool.setDiagnosticConsumer(&diagnostics);
        tool.setPrintErrorMessage(false); // the problem is reported once, below
        HandlerFinder finder(shared.handlers, shared.root);
        clang::ast_matchers::MatchFinder matchers;
        finder.register_matchers(matchers);
        int const status = tool.run(clang::tooling::newFrontendActionFactory(&matchers).get());
        std::lock_guard lock(shared.mutex);
        merge_into(shared.sites, finder.sites());
        if (status != 0) {
            std::string problem = unit;
            problem.append(": did not parse cleanly (results from it may be partial): ")
                .append(diagnostics.first());
            shared.problems.push_back(std::move(problem));
        }
    }
}

} // namespace

Result<LocateResult> locate_handlers(const ProjectOptions& options,
                                     const std::vector<std::string>& handlers) {
    auto database_dir = find_or_make_compile_database(options.repo, options.build_dir);
    if (!database_dir)
        return std::unexpected(database_dir.error());
    std::string error;
    auto database =
        clang::tooling::JSONCompilationDatabase::loadFromDirectory(database_dir->string(), error);
    if (!database)
        return fail(ErrorCode::invalid_input,
                    "cannot read " + database_dir->string() + "/compile_commands.json: " + error);
    auto const root = std::filesystem::canonical(options.repo);
    auto const units = candidate_units(*database, handlers);
    Shared shared{units, handlers, root, *database_dir, options};
    unsigned const cores = std::max(1u, std::thread::hardware_concurrency());
    unsigned const workers = std::min<std::size_t>(options.jobs ? options.jobs : cores,
                                                   std::max<std::size_t>(units.size(), 1));
    std::vector<std::jthread> threads;
    for (unsigned i = 0; i < workers; ++i)
        threads.emplace_back([&shared] { parse_units(shared); });
    threads.clear(); // joins
    LocateResult result;
    result.report = {database->getAllFiles().size(), units.size(), std::move(shared.problems)};
    for (auto const& handler : handlers) {
        auto const it = shared.sites.find(handler);
        if (it == shared.sites.end() || it->second.qualified_name.empty())
            result.not_found.push_back(handler);
        else
            result.sites.push_back(it->second);
    }
    return result;
}

} // namespace medic::code
