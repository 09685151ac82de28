#include "bot/views/source_view.hpp"

#include <fstream>

namespace medic::views {
namespace {

std::string line_of(const std::filesystem::path& file, unsigned number) {
    std::ifstream in(file);
    std::string line;
    for (unsigned i = 0; i < number && std::getline(in, line); ++i) {
    }
    return in ? line : std::string();
}

} // namespace

std::string render_place(const std::filesystem::path& repo, const SourceRange& range,
                         const std::string& message, const Terminal& terminal) {
    auto const path = std::filesystem::path(range.file).is_absolute()
                          ? std::filesystem::path(range.file)
                          : repo / range.file;
    auto const shown = path.lexically_normal().string();
    std::string text = terminal.bold(shown + ":" + std::to_string(range.begin_line) + ":" +
                                     std::to_string(range.begin_column) + ":") +
                       " " + message + "\n";
    auto const source = line_of(path, range.begin_line);
    if (source.empty())
        return text;
    // Compiler style: " 27 | <line>" then the caret under the column (tabs kept for alignment).
    auto const number = std::to_string(range.begin_line);
    text.append(" ").append(number).append(" | ").append(source).append("\n");
    text.append(number.size() + 1, ' ').append(" | ");
    std::size_t const column = range.begin_column > 0 ? range.begin_column - 1 : 0;
    for (std::size_t i = 0; i < column; ++i)
        text.push_back(i < source.size() && source[i] == '\t' ? '\t' : ' ');
    text.append(terminal.green("^")).append("\n");
    return text;
}

} // namespace medic::views
