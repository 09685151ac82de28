#include "analyzers/code/shared_preambles.hpp"

#include "analyzers/code/compile_arguments.hpp"
#include "analyzers/code/prefilter.hpp"
#include "analyzers/code/project.hpp"
#include "analyzers/code/units.hpp"
#include "bot/model/machine_name.hpp"
#include "bot/model/text_file.hpp"

#include <cerrno>
#include <clang/Frontend/CompilerInstance.h>
#include <clang/Frontend/FrontendActions.h>
#include <clang/Tooling/CompilationDatabase.h>
#include <clang/Tooling/Tooling.h>
#include <csignal>
#include <cstdlib>
#include <set>
#include <string_view>
#include <unistd.h>

namespace medic::code {
namespace {

namespace fs = std::filesystem;

/// True when `argument` names `file` (the unit), written relative to `directory` or not.
bool names_file(const std::string& argument, const std::string& file,
                const std::string& directory) {
    if (argument == file)
        return true;
    auto const absolute = [&directory](const std::string& path) {
        fs::path const written(path);
        return (written.is_absolute() ? written : fs::path(directory) / written).lexically_normal();
    };
    return !argument.starts_with('-') && absolute(argument) == absolute(file);
}

/// The command line without the unit's file, its output and its dependency file: what units
/// of one target share.
std::vector<std::string> shared_arguments(const std::vector<std::string>& arguments,
                                          const std::string& file, const std::string& directory) {
    static const std::set<std::string_view> with_value = {"-o", "-MF", "-MT", "-MQ"};
    static const std::set<std::string_view> alone = {"-c", "-MD", "-MMD", "-fsyntax-only"};
    std::vector<std::string> kept;
    for (std::size_t i = 0; i < arguments.size(); ++i) {
        auto const& argument = arguments[i];
        if (with_value.contains(argument)) {
            ++i;
            continue;
        }
        if (alone.contains(argument) || (i > 0 && names_file(argument, file, directory)))
            continue;
        kept.push_back(argument);
    }
    return kept;
}

/// The header text of #include <name> on `line`, or nothing.
std::optional<std::string_view> angle_include(std::string_view line) {
    auto const skip_blanks = [&line] {
        while (!line.empty() && (line.front() == ' ' || line.front() == '\t'))
            line.remove_prefix(1);
    };
    skip_blanks();
    if (!line.starts_with('#'))
        return std::nullopt;
    line.remove_prefix(1);
    skip_blanks();
    if (!line.starts_with("include"))
        return std::nullopt;
    line.remove_prefix(7);
    skip_blanks();
    auto const close = line.find('>');
    if (!line.starts_with('<') || close == std::string_view::npos || close < 2)
        return std::nullopt;
    return line.substr(1, close - 1);
}

/// Builds a PCH from the header the unit's command names instead of the unit: bodies of
/// functions skipped, errors fail it.
class BuildPch : public clang::tooling::ToolAction {
public:
    bool runInvocation(std::shared_ptr<clang::CompilerInvocation> invocation,
                       clang::FileManager* files,
                       std::shared_ptr<clang::PCHContainerOperations> pch,
                       clang::DiagnosticConsumer* diagnostics) override {
        invocation->getFrontendOpts().SkipFunctionBodies = true;
        clang::CompilerInstance compiler(std::move(pch));
        compiler.setInvocation(std::move(invocation));
        compiler.setFileManager(files);
        compiler.createDiagnostics(diagnostics, /*ShouldOwnClient=*/false);
        if (!compiler.hasDiagnostics())
            return false;
        compiler.createSourceManager(*files);
        clang::GeneratePCHAction action;
        bool const built = compiler.ExecuteAction(action);
        files->clearStatCache();
        return built && !compiler.getDiagnostics().hasErrorOccurred();
    }
};

/// The unit's command made into the build of `pch` from `header`.
clang::tooling::ArgumentsAdjuster to_pch_build(std::string directory, std::string header,
                                               std::string pch) {
    return [=](const clang::tooling::CommandLineArguments& arguments, llvm::StringRef file) {
        auto adjusted = shared_arguments(arguments, file.str(), directory);
        adjusted.insert(adjusted.end(), {"-x", "c++-header", header, "-o", pch});
        return adjusted;
    };
}

/// The key of a unit's first command, or nothing when the database has none for it.
std::optional<std::string> key_of(const clang::tooling::CompilationDatabase& database,
                                  const std::string& unit) {
    auto const commands = database.getCompileCommands(unit);
    if (commands.empty())
        return std::nullopt;
    auto const& command = commands.front();
    return flags_key(command.Directory, command.Filename, command.CommandLine);
}

} // namespace

std::string flags_key(const std::string& directory, const std::string& file,
                      const std::vector<std::string>& arguments) {
    std::string key = directory;
    for (auto const& argument : shared_arguments(arguments, file, directory))
        key.append("\x1f").append(argument);
    return key;
}

std::vector<std::string> system_includes(const std::vector<const std::string*>& texts,
                                         const std::vector<fs::path>& project_dirs) {
    std::vector<std::string> headers;
    std::set<std::string, std::less<>> seen;
    for (auto const* text : texts) {
        std::string_view rest = *text;
        while (!rest.empty()) {
            auto const end = rest.find('\n');
            auto const header = angle_include(rest.substr(0, end));
            rest = end == std::string_view::npos ? std::string_view() : rest.substr(end + 1);
            if (!header || !seen.emplace(*header).second)
                continue;
            bool const project =
                std::any_of(project_dirs.begin(), project_dirs.end(),
                            [&header](const fs::path& dir) { return fs::exists(dir / *header); });
            if (!project)
                headers.emplace_back(*header);
        }
    }
    return headers;
}

SharedPreambles::~SharedPreambles() {
    if (m_folder.empty())
        return;
    std::error_code error;
    fs::remove_all(m_folder, error);
}

SharedPreambles::Group& SharedPreambles::group_of(const std::string& key) {
    auto& group = m_groups[key]; // the caller holds the lock
    if (!group)
        group = std::make_unique<Group>();
    return *group;
}

std::optional<std::string>
SharedPreambles::for_unit(const clang::tooling::CompilationDatabase& database,
                          const std::string& unit) {
    auto const key = key_of(database, unit);
    if (!key)
        return std::nullopt;
    {
        std::lock_guard lock(m_mutex);
        auto& group = group_of(*key);
        if (group.state != Group::State::unbuilt)
            return group.stopped ? std::nullopt : group.pch; // none while it is being built
        group.state = Group::State::building;
    }
    auto pch = build(database, *key, unit);
    std::lock_guard lock(m_mutex);
    auto& group = group_of(*key);
    group.pch = std::move(pch);
    group.state = Group::State::built;
    return group.pch;
}

void SharedPreambles::stop_using(const clang::tooling::CompilationDatabase& database,
                                 const std::string& unit) {
    auto const key = key_of(database, unit);
    if (!key)
        return;
    std::lock_guard lock(m_mutex);
    group_of(*key).stopped = true;
}

std::vector<std::size_t> interleaved_by_group(const clang::tooling::CompilationDatabase& database,
                                              const std::vector<std::string>& units) {
    std::vector<std::string> keys; // in order of first appearance
    std::map<std::string, std::vector<std::size_t>> groups;
    for (std::size_t i = 0; i < units.size(); ++i) {
        auto key = key_of(database, units[i]).value_or("");
        auto& members = groups[key];
        if (members.empty())
            keys.push_back(key);
        members.push_back(i);
    }
    std::vector<std::size_t> order;
    for (std::size_t round = 0; order.size() < units.size(); ++round)
        for (auto const& key : keys)
            if (round < groups[key].size())
                order.push_back(groups[key][round]);
    return order;
}

namespace {

/// Removes the PCH folders that runs on this machine left when they were killed.
void remove_abandoned(const fs::path& parent) {
    std::error_code error;
    for (auto const& entry : fs::directory_iterator(parent, error)) {
        auto const name = entry.path().filename().string();
        if (!name.starts_with("run-"))
            continue;
        auto const pid = pid_on_machine(std::string_view(name).substr(4), machine_name());
        if (pid && ::kill(static_cast<pid_t>(*pid), 0) != 0 && errno == ESRCH)
            fs::remove_all(entry.path(), error);
    }
}

} // namespace

fs::path SharedPreambles::folder() {
    std::lock_guard lock(m_mutex);
    if (m_folder.empty()) {
        auto const parent = medic_cache_dir() / "pch";
        std::error_code error;
        fs::create_directories(parent, error);
        remove_abandoned(parent);
        std::string pattern =
            (parent / ("run-" + machine_name() + ":" + std::to_string(::getpid()) + "-XXXXXX"))
                .string();
        if (::mkdtemp(pattern.data()) != nullptr)
            m_folder = pattern;
    }
    return m_folder;
}

std::optional<std::string>
SharedPreambles::build(const clang::tooling::CompilationDatabase& database, const std::string& key,
                       const std::string& unit) {
    std::map<fs::path, std::string> texts;
    std::vector<const std::string*> group_texts;
    std::vector<fs::path> project_dirs;
    std::size_t members = 0;
    for (auto const& file : database.getAllFiles()) {
        auto const commands = database.getCompileCommands(file);
        if (commands.empty() || key_of(database, file) != key)
            continue;
        ++members;
        project_dirs = include_dirs_of(commands.front());
        for (auto const& project_file : project_files(file, project_dirs, texts))
            group_texts.push_back(project_file.text);
    }
    auto const headers = system_includes(group_texts, project_dirs);
    auto const dir = folder();
    if (members < 2 || headers.empty() || dir.empty())
        return std::nullopt;
    std::string text = "// The system headers of one group of units, for Medic's analysis.\n";
    for (auto const& header : headers)
        text += "#if __has_include(<" + header + ">)\n#include <" + header + ">\n#endif\n";
    auto const name = "group-" + std::to_string(fnv1a(key));
    auto const header = (dir / (name + ".hpp")).string();
    auto const pch = (dir / (name + ".pch")).string();
    if (!write_text_file(header, text))
        return std::nullopt;
    clang::tooling::ClangTool tool(database, {unit},
                                   std::make_shared<clang::PCHContainerOperations>(),
                                   llvm::vfs::createPhysicalFileSystem());
    tool.appendArgumentsAdjuster(clang_compatible_arguments());
    tool.appendArgumentsAdjuster(
        to_pch_build(database.getCompileCommands(unit).front().Directory, header, pch));
    clang::IgnoringDiagConsumer silent;
    tool.setDiagnosticConsumer(&silent);
    tool.setPrintErrorMessage(false);
    BuildPch action;
    if (tool.run(&action) != 0)
        return std::nullopt;
    return pch;
}

} // namespace medic::code
