#include "analyzers/code/units.hpp"

#include "analyzers/code/prefilter.hpp"
#include "analyzers/code/project.hpp"
#include "analyzers/code/repo_scope.hpp"
#include "bot/model/result.hpp"
#include "bot/model/text.hpp"

#include <algorithm>
#include <clang/Tooling/JSONCompilationDatabase.h>
#include <map>
#include <set>

namespace medic::code {
namespace {

/// `text` (an argument, or a generated header that spells where it was generated) as it would
/// read in any clone: the build directory and the repository root (the build directory first: it
/// may lie inside the repository) named, not spelled.
std::string portable(const std::string& text, const CompileDatabase& database) {
    return replace_all(replace_all(text, database.dir.string(), "<build>"), database.root.string(),
                       "<repo>");
}

/// What a unit's parse depends on that can change: its text, its project headers, its flags.
template <typename ProjectFiles>
std::uint64_t unit_hash(const ProjectFiles& files, const clang::tooling::CompileCommand& command,
                        const CompileDatabase& database) {
    auto hash = fnv1a("");
    for (auto const& project_file : files)
        hash = fnv1a(portable(*project_file.text, database), hash);
    for (auto const& argument : command.CommandLine)
        hash = fnv1a(portable(argument, database), fnv1a("\x1f", hash));
    return hash;
}

/// The repository's own units of a compile database: generated sources (protoc's, in the
/// build tree) and vendored code are compiled, but are not the repository's code, so no pass
/// parses them. Their commands stay readable for the units that include their headers.
class OwnUnits : public clang::tooling::CompilationDatabase {
public:
    OwnUnits(std::unique_ptr<clang::tooling::CompilationDatabase> all, const RepoScope& scope)
        : m_all(std::move(all)) {
        for (auto const& file : m_all->getAllFiles()) {
            auto const relative =
                std::filesystem::weakly_canonical(file).lexically_relative(scope.root());
            if (scope.owns(relative.string()))
                m_files.push_back(file);
        }
        // Clang lists them in hash order, which depends on where the checkout is; the passes
        // choose one unit per shared header in this order, and every clone must choose alike
        // (or it misses the analysis caches another clone filled).
        std::sort(m_files.begin(), m_files.end());
    }
    std::vector<clang::tooling::CompileCommand>
    getCompileCommands(llvm::StringRef file) const override {
        return m_all->getCompileCommands(file);
    }
    std::vector<std::string> getAllFiles() const override { return m_files; }
    std::vector<clang::tooling::CompileCommand> getAllCompileCommands() const override {
        std::vector<clang::tooling::CompileCommand> commands;
        for (auto const& file : m_files)
            for (auto& command : m_all->getCompileCommands(file))
                commands.push_back(std::move(command));
        return commands;
    }

private:
    std::unique_ptr<clang::tooling::CompilationDatabase> m_all;
    std::vector<std::string> m_files;
};

} // namespace

Result<CompileDatabase> open_compile_database(const ProjectOptions& options) {
    MEDIC_TRY(dir, find_or_make_compile_database(options.repo, options.build_dir));
    std::string error;
    auto database =
        clang::tooling::JSONCompilationDatabase::loadFromDirectory(dir->string(), error);
    if (!database)
        return fail(ErrorCode::invalid_input,
                    "cannot read " + dir->string() + "/compile_commands.json: " + error);
    auto const root = std::filesystem::canonical(options.repo);
    RepoScope const scope(root, vendored_paths(root, options.vendored));
    return CompileDatabase{std::filesystem::weakly_canonical(*dir), root,
                           std::make_unique<OwnUnits>(std::move(database), scope)};
}

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

std::vector<CandidateUnit> units_mentioning(const CompileDatabase& opened,
                                            const std::vector<std::string>& names) {
    auto const& database = *opened.database;
    std::vector<std::vector<std::string>> token_sets;
    for (auto const& name : names)
        token_sets.push_back(required_tokens(name));
    std::map<std::filesystem::path, std::string> texts;
    std::set<std::filesystem::path> covered_headers;
    std::vector<CandidateUnit> units;
    for (auto const& file : database.getAllFiles()) {
        auto const commands = database.getCompileCommands(file);
        if (commands.empty())
            continue;
        auto const files = project_files(file, include_dirs_of(commands.front()), texts);
        // A unit whose own text spells a name can reference it; a header that spells it (a
        // declaration, or a header-only definition) needs parsing once, through any one unit.
        bool wanted = mentions(*files.front().text, token_sets);
        for (std::size_t i = 1; i < files.size(); ++i)
            if (mentions(*files[i].text, token_sets) &&
                covered_headers.insert(files[i].path).second)
                wanted = true;
        if (!wanted)
            continue;
        units.push_back({file, unit_hash(files, commands.front(), opened)});
    }
    return units;
}

std::vector<CandidateUnit> hashed_units(const CompileDatabase& opened,
                                        const std::vector<std::string>& files) {
    auto const& database = *opened.database;
    std::map<std::filesystem::path, std::string> texts;
    std::vector<CandidateUnit> units;
    for (auto const& file : files) {
        auto const commands = database.getCompileCommands(file);
        if (!commands.empty())
            units.push_back(
                {file, unit_hash(project_files(file, include_dirs_of(commands.front()), texts),
                                 commands.front(), opened)});
    }
    return units;
}

std::vector<std::string> units_containing(const clang::tooling::CompilationDatabase& database,
                                          const std::vector<std::string>& needles) {
    auto const contains = [&needles](const std::string& text) {
        return std::any_of(needles.begin(), needles.end(), [&text](const std::string& needle) {
            return text.find(needle) != std::string::npos;
        });
    };
    std::map<std::filesystem::path, std::string> texts;
    std::set<std::filesystem::path> covered_headers;
    std::vector<std::string> units;
    for (auto const& file : database.getAllFiles()) {
        auto const commands = database.getCompileCommands(file);
        if (commands.empty())
            continue;
        auto const files = project_files(file, include_dirs_of(commands.front()), texts);
        bool wanted = contains(*files.front().text);
        for (std::size_t i = 1; i < files.size(); ++i)
            if (contains(*files[i].text) && covered_headers.insert(files[i].path).second)
                wanted = true;
        if (wanted)
            units.push_back(file);
    }
    return units;
}

std::vector<std::string> files_of(const std::vector<CandidateUnit>& units) {
    std::vector<std::string> files;
    for (auto const& unit : units)
        files.push_back(unit.file);
    return files;
}

} // namespace medic::code
