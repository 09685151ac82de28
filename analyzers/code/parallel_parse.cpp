#include "analyzers/code/parallel_parse.hpp"

#include "analyzers/code/compile_arguments.hpp"
#include "analyzers/code/parsed_units.hpp"

#include <atomic>
#include <clang/AST/ASTConsumer.h>
#include <clang/AST/ASTContext.h>
#include <clang/Basic/Diagnostic.h>
#include <clang/Basic/DiagnosticLex.h>
#include <clang/Frontend/CompilerInstance.h>
#include <clang/Frontend/FrontendAction.h>
#include <clang/Tooling/JSONCompilationDatabase.h>
#include <clang/Tooling/Tooling.h>
#include <mutex>
#include <numeric>
#include <thread>
#include <unistd.h>

namespace medic::code {
namespace {

/// Keeps the first error of a unit instead of printing every diagnostic.
class FirstError : public clang::DiagnosticConsumer {
public:
    void HandleDiagnostic(clang::DiagnosticsEngine::Level level,
                          const clang::Diagnostic& info) override {
        clang::DiagnosticConsumer::HandleDiagnostic(level, info);
        if (info.getID() == clang::diag::ext_pp_macro_redef)
            m_redefined_macro = true;
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
    /// The unit redefined a macro: with a shared PCH, one a system header defined for itself.
    [[nodiscard]] bool redefined_macro() const { return m_redefined_macro; }

private:
    std::string m_first;
    bool m_redefined_macro = false;
};

struct Shared {
    Shared(const ParallelParse& parse_, std::vector<std::size_t> order_)
        : parse(parse_), order(std::move(order_)) {}
    const ParallelParse& parse;
    std::vector<std::size_t> order; ///< Indexes into parse.units, in the order to parse them.
    std::atomic<std::size_t> next{0};
    std::mutex mutex;
    std::vector<std::string> problems;
};

void report_progress(Shared& shared, std::size_t index) {
    if (!shared.parse.options.on_progress)
        return;
    std::string status = "[";
    status.append(std::to_string(index + 1))
        .append("/")
        .append(std::to_string(shared.parse.units.size()));
    status.append("] parsing ").append(shared.parse.units[shared.order[index]].file);
    std::lock_guard lock(shared.mutex);
    shared.parse.options.on_progress(status);
}

bool in_system_header(const clang::Decl* decl) {
    auto const& sources = decl->getASTContext().getSourceManager();
    return sources.isInSystemHeader(sources.getExpansionLoc(decl->getLocation()));
}

/// No pass looks inside the functions of system headers (the standard library, gtest, httplib):
/// their bodies are skipped, as clangd skips them in a preamble. Declarations, types and
/// everything the repository's own code says stay; so do bodies Clang needs to go on (constexpr
/// functions and deduced return types are never skipped). The file-level declarations outside
/// system headers are collected: the passes walk those only.
class SkipSystemBodies : public clang::ASTConsumer {
public:
    explicit SkipSystemBodies(std::vector<clang::Decl*>& top_level) : m_top_level(top_level) {}

    bool shouldSkipFunctionBody(clang::Decl* decl) override { return in_system_header(decl); }

    bool HandleTopLevelDecl(clang::DeclGroupRef group) override {
        if (m_parsed)
            return true;
        for (auto* decl : group) {
            // Sema hands over the function templates it instantiates too: they are walked
            // through their template already.
            auto const* function = llvm::dyn_cast<clang::FunctionDecl>(decl);
            if (!in_system_header(decl) && !(function && function->isTemplateInstantiation()))
                m_top_level.push_back(decl);
        }
        return true;
    }
    /// Declarations read from a PCH are not the unit's own.
    void HandleInterestingDecl(clang::DeclGroupRef) override {}
    /// The unit is parsed: nothing later (lazy reads of the AST) is its own code, and the list
    /// may have moved.
    void HandleTranslationUnit(clang::ASTContext&) override { m_parsed = true; }

private:
    std::vector<clang::Decl*>& m_top_level;
    bool m_parsed = false;
};

class SkipSystemBodiesAction : public clang::ASTFrontendAction {
public:
    explicit SkipSystemBodiesAction(std::vector<clang::Decl*>& top_level)
        : m_top_level(top_level) {}

protected:
    std::unique_ptr<clang::ASTConsumer> CreateASTConsumer(clang::CompilerInstance&,
                                                          llvm::StringRef) override {
        return std::make_unique<SkipSystemBodies>(m_top_level);
    }

private:
    std::vector<clang::Decl*>& m_top_level;
};

/// Builds the unit's AST (kept after the tool ends) with system headers' bodies skipped.
class BuildAst : public clang::tooling::ToolAction {
public:
    explicit BuildAst(ParsedUnit& out) : m_out(out) {}

    bool runInvocation(std::shared_ptr<clang::CompilerInvocation> invocation,
                       clang::FileManager* files,
                       std::shared_ptr<clang::PCHContainerOperations> pch,
                       clang::DiagnosticConsumer* diagnostics) override {
        invocation->getFrontendOpts().SkipFunctionBodies = true;
        // The AST gets a file manager of its own on the real file system: relative paths must
        // resolve against the unit's directory, which the tool set on its own file system.
        if (auto directory = files->getVirtualFileSystem().getCurrentWorkingDirectory())
            invocation->getFileSystemOpts().WorkingDir = *directory;
        auto engine = clang::CompilerInstance::createDiagnostics(
            &invocation->getDiagnosticOpts(), diagnostics, /*ShouldOwnClient=*/false);
        SkipSystemBodiesAction action(m_out.top_level);
        m_out.ast.reset(clang::ASTUnit::LoadFromCompilerInvocationAction(
            std::move(invocation), std::move(pch), engine, &action));
        return m_out.ast != nullptr;
    }

private:
    ParsedUnit& m_out;
};

constexpr std::string_view k_redefines_a_pch_macro = ": redefines a macro of the shared PCH";

/// Parses one unit into an AST that outlives the tool (its own diagnostics client, silent),
/// reading the system headers from `pch` when given.
ParsedUnit parse_unit(const clang::tooling::CompilationDatabase& database, const std::string& unit,
                      const std::optional<std::string>& pch) {
    auto const first = first_command_only(database);
    // A physical file system with its own working directory: the default one would chdir()
    // the whole process per unit, and workers racing on that left it in a deleted directory.
    clang::tooling::ClangTool tool(*first, {unit},
                                   std::make_shared<clang::PCHContainerOperations>(),
                                   llvm::vfs::createPhysicalFileSystem());
    tool.appendArgumentsAdjuster(clang_compatible_arguments());
    if (pch)
        tool.appendArgumentsAdjuster(clang::tooling::getInsertArgumentAdjuster(
            {"-include-pch", *pch}, clang::tooling::ArgumentInsertPosition::END));
    FirstError diagnostics;
    tool.setDiagnosticConsumer(&diagnostics);
    tool.setPrintErrorMessage(false); // reported once, by the caller
    ParsedUnit parsed;
    BuildAst build(parsed);
    tool.run(&build);
    if (parsed.ast)
        parsed.ast->getDiagnostics().setClient(new clang::IgnoringDiagConsumer(), true);
    if (!diagnostics.first().empty() || !parsed.ast)
        parsed.problem =
            unit + ": did not parse cleanly (results from it may be partial): " +
            (diagnostics.first().empty() ? std::string("no AST") : diagnostics.first());
    else if (pch && diagnostics.redefined_macro())
        parsed.problem = unit + std::string(k_redefines_a_pch_macro);
    return parsed;
}

/// Parses the unit with its group's shared preamble; a unit that parses cleanly only without
/// it is parsed without, and its group stops using it. A group whose units fail without it
/// too stops retrying after a few (the failure is not the PCH's).
ParsedUnit parse_with_preamble(const clang::tooling::CompilationDatabase& database,
                               const std::string& unit, SharedPreambles* preambles) {
    auto const pch = preambles ? preambles->for_unit(database, unit) : std::nullopt;
    auto parsed = parse_unit(database, unit, pch);
    if (!pch || parsed.problem.empty())
        return parsed;
    // A redefined macro is no failure: that unit always deserves its own parse.
    if (!parsed.problem.ends_with(k_redefines_a_pch_macro) &&
        !preambles->worth_retrying(database, unit))
        return parsed;
    auto alone = parse_unit(database, unit, std::nullopt);
    if (alone.problem.empty())
        preambles->stop_using(database, unit);
    else
        preambles->failed_alone_too(database, unit);
    return alone;
}

void work(Shared& shared) {
    std::string error;
    // Each worker reads its own copy of the database: nothing is shared between Clang runs.
    auto database = clang::tooling::JSONCompilationDatabase::loadFromDirectory(
        shared.parse.database_dir.string(), error);
    if (!database)
        return;
    auto* const kept = shared.parse.options.parsed.get();
    for (std::size_t i = shared.next++; i < shared.parse.units.size(); i = shared.next++) {
        auto const& unit = shared.parse.units[shared.order[i]];
        report_progress(shared, i);
        std::optional<ParsedUnit> parsed = kept ? kept->take(unit) : std::nullopt;
        if (!parsed)
            parsed = parse_with_preamble(*database, unit.file, kept ? &kept->preambles() : nullptr);
        auto job = shared.parse.make_job(unit.file);
        if (parsed->ast) {
            clang::ast_matchers::MatchFinder finder;
            job->add_matchers(finder);
            auto& context = parsed->ast->getASTContext();
            context.setTraversalScope(parsed->top_level);
            finder.matchAST(context);
        }
        {
            std::lock_guard lock(shared.mutex);
            job->merge(parsed->problem);
            if (!parsed->problem.empty())
                shared.problems.push_back(parsed->problem);
        }
        if (kept)
            kept->keep(unit, std::move(*parsed));
    }
}

/// The units' order: one of each group of flags in turn, so that the first units parsed build
/// different groups' shared preambles on different cores. The run's preambles are told which
/// units this pass will parse (a group with few of them is not worth a PCH).
std::vector<std::size_t> parse_order(const ParallelParse& parse) {
    std::vector<std::size_t> order(parse.units.size());
    std::iota(order.begin(), order.end(), 0);
    std::string error;
    auto const database = clang::tooling::JSONCompilationDatabase::loadFromDirectory(
        parse.database_dir.string(), error);
    if (!database)
        return order;
    if (auto* const kept = parse.options.parsed.get()) {
        std::vector<std::string> to_parse;
        for (auto const& unit : parse.units)
            if (!kept->holds(unit))
                to_parse.push_back(unit.file);
        kept->preambles().plan(*database, to_parse);
    }
    return interleaved_by_group(*database, files_of(parse.units));
}

} // namespace

std::vector<std::string> parse_in_parallel(const ParallelParse& parse) {
    Shared shared(parse, parse_order(parse));
    unsigned const cores = std::max(1u, std::thread::hardware_concurrency());
    auto const workers = std::min<std::size_t>(parse.options.jobs ? parse.options.jobs : cores,
                                               std::max<std::size_t>(parse.units.size(), 1));
    {
        std::vector<std::jthread> threads;
        for (std::size_t i = 0; i < workers; ++i)
            threads.emplace_back([&shared] { work(shared); });
    }
    return std::move(shared.problems);
}

std::shared_ptr<ParsedUnits> keep_parsed_units() {
    constexpr std::size_t k_at_most = std::size_t{4} << 30;
    auto const pages = ::sysconf(_SC_PHYS_PAGES);
    auto const page_size = ::sysconf(_SC_PAGE_SIZE);
    std::size_t const quarter =
        pages > 0 && page_size > 0 ? std::size_t(pages) * std::size_t(page_size) / 4 : k_at_most;
    return std::make_shared<ParsedUnits>(std::min(quarter, k_at_most));
}

} // namespace medic::code
