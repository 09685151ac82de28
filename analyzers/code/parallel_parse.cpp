#include "analyzers/code/parallel_parse.hpp"

#include "analyzers/code/compile_arguments.hpp"

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
        if (level < clang::DiagnosticsEngine::Error || !m_first.empty())
            return;
        llvm::SmallString<256> text;
        info.FormatDiagnostic(text);
        auto const location = info.getSourceManager().getPresumedLoc(info.getLocation());
        if (location.isValid())
            m_first.append(location.getFilename())
                .append(":")
                .append(std::to_string(location.getLine()))
                .append(": ");
        m_first.append(text.c_str());
    }
    [[nodiscard]] const std::string& first() const { return m_first; }

private:
    std::string m_first;
};

struct Shared {
    explicit Shared(const ParallelParse& parse_) : parse(parse_) {}
    const ParallelParse& parse;
    std::atomic<std::size_t> next{0};
    std::mutex mutex;
    std::vector<std::string> problems;
};

void report_progress(Shared& shared, std::size_t index) {
    if (!shared.parse.on_progress)
        return;
    std::string status = "[";
    status.append(std::to_string(index + 1))
        .append("/")
        .append(std::to_string(shared.parse.units.size()));
    status.append("] parsing ").append(shared.parse.units[index]);
    std::lock_guard lock(shared.mutex);
    shared.parse.on_progress(status);
}

void work(Shared& shared) {
    std::string error;
    // Each worker reads its own copy of the database: nothing is shared between Clang runs.
    auto database = clang::tooling::JSONCompilationDatabase::loadFromDirectory(
        shared.parse.database_dir.string(), error);
    if (!database)
        return;
    for (std::size_t i = shared.next++; i < shared.parse.units.size(); i = shared.next++) {
        auto const& unit = shared.parse.units[i];
        report_progress(shared, i);
        // A physical file system with its own working directory: the default one would chdir()
        // the whole process per unit, and workers racing on that left it in a deleted directory.
        clang::tooling::ClangTool tool(*database, {unit},
                                       std::make_shared<clang::PCHContainerOperations>(),
                                       llvm::vfs::createPhysicalFileSystem());
        tool.appendArgumentsAdjuster(clang_compatible_arguments());
        FirstError diagnostics;
        tool.setDiagnosticConsumer(&diagnostics);
        tool.setPrintErrorMessage(false); // reported once, below
        auto job = shared.parse.make_job(unit);
        clang::ast_matchers::MatchFinder finder;
        job->add_matchers(finder);
        int const status = tool.run(clang::tooling::newFrontendActionFactory(&finder).get());
        std::string problem;
        if (status != 0)
            problem.append(unit)
                .append(": did not parse cleanly (results from it may be partial): ")
                .append(diagnostics.first());
        std::lock_guard lock(shared.mutex);
        job->merge(problem);
        if (!problem.empty())
            shared.problems.push_back(std::move(problem));
    }
}

} // namespace

std::vector<std::string> parse_in_parallel(const ParallelParse& parse) {
    Shared shared(parse);
    unsigned const cores = std::max(1u, std::thread::hardware_concurrency());
    auto const workers = std::min<std::size_t>(parse.jobs ? parse.jobs : cores,
                                               std::max<std::size_t>(parse.units.size(), 1));
    {
        std::vector<std::jthread> threads;
        for (std::size_t i = 0; i < workers; ++i)
            threads.emplace_back([&shared] { work(shared); });
    }
    return std::move(shared.problems);
}

} // namespace medic::code
