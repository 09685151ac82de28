#include "analyzers/code/shared_preambles.hpp"

#include "analyzers/code/compile_arguments.hpp"
#include "analyzers/code/prefilter.hpp"
#include "analyzers/code/project.hpp"
#include "analyzers/code/units.hpp"
#include "bot/model/machine_name.hpp"
#include "bot/model/text_file.hpp"

#include <cctype>
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

/// A preprocessor line as its directive and the rest ("include", "<vector>"), or nothing.
std::optional<std::pair<std::string_view, std::string_view>> directive(std::string_view line) {
    auto const skip_blanks = [&line] {
        while (!line.empty() && (line.front() == ' ' || line.front() == '\t'))
            line.remove_prefix(1);
    };
    skip_blanks();
    if (!line.starts_with('#'))
        return std::nullopt;
    line.remove_prefix(1);
    skip_blanks();
    std::size_t length = 0;
    while (length < line.size() && std::isalpha(static_cast<unsigned char>(line[length])))
        ++length;
    auto const word = line.substr(0, length);
    line.remove_prefix(length);
    skip_blanks();
    return std::pair{word, line};
}

/// The header text of #include <name> on `line`, or nothing.
std::optional<std::string_view> angle_include(std::string_view line) {
    auto const parsed = directive(line);
    if (!parsed || parsed->first != "include")
        return std::nullopt;
    auto const rest = parsed->second;
    auto const close = rest.find('>');
    if (!rest.starts_with('<') || close == std::string_view::npos || close < 2)
        return std::nullopt;
    return rest.substr(1, close - 1);
}

/// A header meant to be included again and again for its macros (protobuf's port_def.inc,
/// X-macro tables): never precompiled, and no header the macros before it configure.
bool textual_header(std::string_view name) {
    return name.ends_with(".inc") || name.ends_with(".def");
}

/// The first identifier of `text`.
std::string_view first_word(std::string_view text) {
    std::size_t length = 0;
    while (length < text.size() &&
           (std::isalnum(static_cast<unsigned char>(text[length])) || text[length] == '_'))
        ++length;
    return text.substr(0, length);
}

/// Calls `line` with each line of `text`.
template <typename Visit>
void for_each_line(std::string_view text, Visit&& line) {
    while (!text.empty()) {
        auto const end = text.find('\n');
        line(text.substr(0, end));
        text = end == std::string_view::npos ? std::string_view() : text.substr(end + 1);
    }
}

/// The forced includes that would go into the PCH with the system headers (and be skipped in
/// the unit, where the passes must see them): a group with one gets no PCH.
bool forces_includes(const std::vector<std::string>& arguments) {
    return std::any_of(arguments.begin(), arguments.end(), [](const std::string& argument) {
        return argument.starts_with("-include") || argument.starts_with("-imacros") ||
               argument.starts_with("--include");
    });
}

/// The unit's first command only: a unit that a database compiles twice (in two targets) is
/// parsed once, with the flags its cache key and its PCH group come from.
class FirstCommandOnly : public clang::tooling::CompilationDatabase {
public:
    explicit FirstCommandOnly(const clang::tooling::CompilationDatabase& all) : m_all(all) {}
    std::vector<clang::tooling::CompileCommand>
    getCompileCommands(llvm::StringRef file) const override {
        auto commands = m_all.getCompileCommands(file);
        if (commands.size() > 1)
            commands.resize(1);
        return commands;
    }
    std::vector<std::string> getAllFiles() const override { return m_all.getAllFiles(); }

private:
    const clang::tooling::CompilationDatabase& m_all;
};

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

/// The key of a unit's command; nothing for a C unit (the PCH is C++'s).
std::optional<std::string> key_of(const clang::tooling::CompileCommand& command) {
    if (fs::path(command.Filename).extension() == ".c")
        return std::nullopt;
    return flags_key(command.Directory, command.Filename, command.CommandLine);
}

/// The key of a unit's first command, or nothing when the database has none for it.
std::optional<std::string> key_of(const clang::tooling::CompilationDatabase& database,
                                  const std::string& unit) {
    auto const commands = database.getCompileCommands(unit);
    return commands.empty() ? std::nullopt : key_of(commands.front());
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
    auto const in_project = [&project_dirs](std::string_view header) {
        std::error_code error; // an unreadable folder holds nothing the PCH can use
        return std::any_of(project_dirs.begin(), project_dirs.end(),
                           [&](const fs::path& dir) { return fs::exists(dir / header, error); });
    };
    for (auto const* text : texts)
        for_each_line(*text, [&](std::string_view line) {
            auto const header = angle_include(line);
            if (header && !textual_header(*header) && seen.emplace(*header).second &&
                !in_project(*header))
                headers.emplace_back(*header);
        });
    return headers;
}

bool configures_system_headers(std::string_view text) {
    bool defined = false;
    std::string_view guard; // the macro an #ifndef just tested: its #define is a guard
    bool configures = false;
    for_each_line(text, [&](std::string_view line) {
        auto const parsed = directive(line);
        if (!parsed || configures)
            return;
        auto const [word, rest] = *parsed;
        if (word == "include" && rest.starts_with('<'))
            configures = defined && !textual_header(angle_include(line).value_or(""));
        else if ((word == "define" || word == "undef") && first_word(rest) != guard)
            defined = true;
        guard = word == "ifndef" ? first_word(rest) : std::string_view();
    });
    return configures;
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
        if (group.state != Group::State::unbuilt) // none while it is being built
            return group.stopped || group.alone.contains(unit) ? std::nullopt : group.pch;
        if (m_planned[*key] < k_units_worth_a_pch)
            return std::nullopt; // a later pass that parses more of them may build it
        group.state = Group::State::building;
    }
    auto built = build(database, *key, unit);
    std::lock_guard lock(m_mutex);
    auto& group = group_of(*key);
    group.pch = std::move(built.pch);
    group.alone = std::move(built.alone);
    group.state = Group::State::built;
    return group.alone.contains(unit) ? std::nullopt : group.pch;
}

void SharedPreambles::plan(const clang::tooling::CompilationDatabase& database,
                           const std::vector<std::string>& units) {
    std::map<std::string, std::size_t> planned;
    for (auto const& unit : units)
        if (auto const key = key_of(database, unit))
            ++planned[*key];
    std::lock_guard lock(m_mutex);
    m_planned = std::move(planned);
}

void SharedPreambles::change_group(const clang::tooling::CompilationDatabase& database,
                                   const std::string& unit,
                                   const std::function<void(Group&)>& change) {
    auto const key = key_of(database, unit);
    if (!key)
        return;
    std::lock_guard lock(m_mutex);
    change(group_of(*key));
}

void SharedPreambles::stop_using(const clang::tooling::CompilationDatabase& database,
                                 const std::string& unit) {
    change_group(database, unit, [](Group& group) { group.stopped = true; });
}

bool SharedPreambles::worth_retrying(const clang::tooling::CompilationDatabase& database,
                                     const std::string& unit) {
    bool worth = false;
    change_group(database, unit,
                 [&worth](Group& group) { worth = group.failed_alone_too < k_futile_retries; });
    return worth;
}

void SharedPreambles::failed_alone_too(const clang::tooling::CompilationDatabase& database,
                                       const std::string& unit) {
    change_group(database, unit, [](Group& group) { ++group.failed_alone_too; });
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

SharedPreambles::Built SharedPreambles::build(const clang::tooling::CompilationDatabase& database,
                                              const std::string& key, const std::string& unit) {
    Built built;
    std::map<fs::path, std::string> texts;
    std::vector<const std::string*> group_texts;
    std::vector<fs::path> project_dirs;
    std::vector<std::string> arguments;
    for (auto const& file : database.getAllFiles()) {
        auto const commands = database.getCompileCommands(file);
        if (commands.empty() || key_of(commands.front()) != key)
            continue;
        project_dirs = include_dirs_of(commands.front());
        arguments = commands.front().CommandLine;
        auto const files = project_files(file, project_dirs, texts);
        for (auto const& project_file : files) {
            group_texts.push_back(project_file.text);
            if (configures_system_headers(*project_file.text))
                built.alone.insert(file);
        }
    }
    auto const headers = system_includes(group_texts, project_dirs);
    // for_unit asks only for groups with k_units_worth_a_pch units to parse.
    if (headers.empty() || forces_includes(arguments))
        return built;
    auto const dir = folder();
    if (dir.empty())
        return built;
    std::string text = "// The system headers of one group of units, for Medic's analysis.\n";
    for (auto const& header : headers)
        text += "#if __has_include(<" + header + ">)\n#include <" + header + ">\n#endif\n";
    auto const name = "group-" + std::to_string(fnv1a(key));
    auto const header = (dir / (name + ".hpp")).string();
    auto const pch = (dir / (name + ".pch")).string();
    if (!write_text_file(header, text))
        return built;
    FirstCommandOnly const first(database);
    clang::tooling::ClangTool tool(first, {unit}, std::make_shared<clang::PCHContainerOperations>(),
                                   llvm::vfs::createPhysicalFileSystem());
    tool.appendArgumentsAdjuster(clang_compatible_arguments());
    tool.appendArgumentsAdjuster(
        to_pch_build(database.getCompileCommands(unit).front().Directory, header, pch));
    clang::IgnoringDiagConsumer silent;
    tool.setDiagnosticConsumer(&silent);
    tool.setPrintErrorMessage(false);
    BuildPch action;
    if (tool.run(&action) == 0)
        built.pch = pch;
    return built;
}

std::unique_ptr<clang::tooling::CompilationDatabase>
first_command_only(const clang::tooling::CompilationDatabase& database) {
    return std::make_unique<FirstCommandOnly>(database);
}

} // namespace medic::code
