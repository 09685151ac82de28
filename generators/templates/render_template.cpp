#include "generators/templates/render_template.hpp"

#include "bot/model/result.hpp"

#include <fstream>
#include <sstream>
#include <system_error>

namespace medic {

namespace fs = std::filesystem;

namespace {

// Ends each standalone tag line in the template; the lines it ends up on are dropped after
// rendering. kainjow drops lines itself, but not those of sections it skips, and it also drops
// a blank line that follows a closing tag once the tag stands alone; a marker settles both.
constexpr std::string_view k_standalone_marker = "\x01";

Result<std::string> read_text(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in)
        return fail(ErrorCode::not_found, "cannot read the template " + path.string());
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

// The repository's copy wins over Medic's.
fs::path template_path(const TemplateDirs& dirs, std::string_view relative_name) {
    if (!dirs.repo_override.empty()) {
        std::error_code ignored;
        if (fs::path own = dirs.repo_override / relative_name; fs::is_regular_file(own, ignored))
            return own;
    }
    return dirs.medic / relative_name;
}

// A line holding only a section tag ({{#x}}, {{^x}}, {{/x}}) or a comment ({{! }}).
bool standalone_tag(std::string_view line) {
    const auto first = line.find_first_not_of(" \t");
    const auto last = line.find_last_not_of(" \t\r");
    if (first == std::string_view::npos)
        return false;
    const std::string_view tag = line.substr(first, last - first + 1);
    return tag.size() > 5 && tag.starts_with("{{") && tag.ends_with("}}") &&
           std::string_view("#^/!").find(tag[2]) != std::string_view::npos &&
           tag.find("}}") == tag.size() - 2;
}

} // namespace

std::string mark_standalone_lines(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (std::size_t at = 0; at < text.size();) {
        const std::size_t newline = text.find('\n', at);
        const std::size_t end = newline == std::string_view::npos ? text.size() : newline;
        const std::string_view line = text.substr(at, end - at);
        if (standalone_tag(line)) {
            const auto first = line.find_first_not_of(" \t");
            const auto last = line.find_last_not_of(" \t\r");
            out.append(line.substr(first, last - first + 1)).append(k_standalone_marker);
        } else {
            out.append(line);
        }
        if (newline != std::string_view::npos)
            out += '\n';
        at = end + 1;
    }
    return out;
}

std::string drop_marked_lines(std::string_view rendered) {
    std::string out;
    out.reserve(rendered.size());
    for (std::size_t at = 0; at < rendered.size();) {
        const std::size_t newline = rendered.find('\n', at);
        const std::size_t end = newline == std::string_view::npos ? rendered.size() : newline + 1;
        const std::string_view line = rendered.substr(at, end - at);
        if (line.substr(0, line.find_last_not_of("\r\n") + 1) != k_standalone_marker)
            out.append(line);
        at = end;
    }
    return out;
}

std::string squeeze_blank_lines(std::string text) {
    for (auto at = text.find("\n\n\n"); at != std::string::npos; at = text.find("\n\n\n", at))
        text.erase(at, 1);
    return text;
}

Result<std::string> render_template(const TemplateDirs& dirs, std::string_view relative_name,
                                    const kainjow::mustache::data& view) {
    const fs::path path = template_path(dirs, relative_name);
    MEDIC_TRY(text, read_text(path));
    const std::string name =
        "the template " + std::string(relative_name) + " (" + path.string() + ")";
    kainjow::mustache::mustache engine(mark_standalone_lines(*text));
    if (!engine.is_valid())
        return fail(ErrorCode::invalid_input,
                    name + " is not valid Mustache: " + engine.error_message());
    // Generated code, Markdown and prompts are not HTML: no &quot; in them.
    engine.set_custom_escape([](const std::string& value) { return value; });
    std::string rendered = engine.render(view);
    if (!engine.is_valid())
        return fail(ErrorCode::invalid_input,
                    "rendering " + name + " failed: " + engine.error_message());
    return squeeze_blank_lines(drop_marked_lines(rendered));
}

} // namespace medic
