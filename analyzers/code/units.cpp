#include "analyzers/code/units.hpp"

#include "analyzers/code/prefilter.hpp"

namespace medic::code {
namespace {

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

} // namespace

std::vector<std::string> units_mentioning(const clang::tooling::CompilationDatabase& database,
                                          const std::vector<std::string>& names) {
    std::vector<std::vector<std::string>> token_sets;
    for (auto const& name : names)
        token_sets.push_back(required_tokens(name));
    std::vector<std::string> units;
    for (auto const& file : database.getAllFiles()) {
        auto const commands = database.getCompileCommands(file);
        if (!commands.empty() && may_mention(file, include_dirs_of(commands.front()), token_sets))
            units.push_back(file);
    }
    return units;
}

} // namespace medic::code
