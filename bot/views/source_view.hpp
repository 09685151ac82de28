#pragma once
// Shows a place in a source file the way compilers do: "file:line:col: text", the line, a caret.

#include "bot/model/code.hpp"
#include "bot/views/terminal.hpp"

#include <filesystem>
#include <string>

namespace medic::views {

/// A clang-style note for `range` (a path relative to `repo`, or absolute).
std::string render_place(const std::filesystem::path& repo, const SourceRange& range,
                         const std::string& message, const Terminal& terminal);

} // namespace medic::views
