#pragma once
// The Clang analysis's options as the commands that read code set them: progress on the
// terminal, the configuration's vendored folders.

#include "analyzers/code/locate.hpp"
#include "bot/views/terminal.hpp"

namespace medic::cli {

inline code::ProjectOptions project_options(const std::string& repo, const std::string& build_dir,
                                            unsigned jobs, views::Terminal& terminal,
                                            std::vector<std::string> vendored,
                                            unsigned callee_depth = 3) {
    code::ProjectOptions project{
        repo, build_dir, jobs, [&terminal](std::string_view status) { terminal.progress(status); },
        callee_depth};
    project.vendored = std::move(vendored);
    return project;
}

} // namespace medic::cli
