#include "generators/patch/path_policy.hpp"

#include "bot/model/text.hpp"

#include <algorithm>
#include <cctype>
#include <set>

namespace medic::patch {
namespace {

/// ".git" in any letter case, and the forms Windows and macOS resolve to it (".git.", ".git ").
bool names_git_folder(std::string_view component) {
    auto lowered = ascii_lowercase(component);
    while (!lowered.empty() && (lowered.back() == '.' || lowered.back() == ' '))
        lowered.pop_back();
    return lowered == ".git";
}

std::optional<std::string> component_problem(std::string_view component) {
    if (component.empty())
        return "has an empty component ('//' or a trailing '/')";
    if (component == "." || component == "..")
        return "has a '" + std::string(component) + "' component; give the normalised path";
    if (names_git_folder(component))
        return "is inside .git, which no patch may touch";
    return std::nullopt;
}

std::string quoted_list(const std::vector<std::string>& items) {
    if (items.empty())
        return "(nothing)";
    std::string text;
    for (auto const& item : items)
        text += (text.empty() ? "" : ", ") + ("'" + item + "'");
    return text;
}

} // namespace

std::optional<std::string> path_problem(std::string_view path) {
    if (path.empty())
        return "is empty";
    if (std::ranges::any_of(path, [](unsigned char c) { return c < 0x20 || c == 0x7f; }))
        return "contains a control character";
    if (path.find('\\') != std::string_view::npos)
        return "contains a backslash; use '/' between folders";
    if (path.front() == '/')
        return "is absolute; give it relative to the repository root";
    if (path.size() > 1 && path[1] == ':')
        return "starts with a drive letter; give it relative to the repository root";
    for (std::size_t start = 0;;) {
        auto const end = path.find('/', start);
        if (auto problem = component_problem(path.substr(start, end - start)))
            return problem;
        if (end == std::string_view::npos)
            return std::nullopt;
        start = end + 1;
    }
}

bool is_allowed(std::string_view path, const std::vector<std::string>& allowed) {
    return std::ranges::any_of(allowed, [path](std::string_view entry) {
        if (entry.empty())
            return false;
        return entry.back() == '/' ? path.starts_with(entry) && path.size() > entry.size()
                                   : path == entry;
    });
}

Result<void> check_paths(const git::ParsedDiff& diff, const std::vector<std::string>& allowed,
                         const std::vector<std::string>& vendored) {
    std::set<std::string> seen;
    std::vector<std::string> offences;
    for (auto const& file : diff.files)
        for (auto const* path : {&file.old_path, &file.new_path}) {
            if (!seen.insert(*path).second)
                continue;
            if (auto problem = path_problem(*path))
                offences.push_back("'" + *path + "' " + *problem);
            else if (is_allowed(*path, vendored))
                offences.push_back("'" + *path + "' is vendored code, which Medic never patches");
            else if (!is_allowed(*path, allowed))
                offences.push_back("'" + *path + "' is outside the allowed paths");
        }
    if (offences.empty())
        return {};
    std::string message = "the diff touches paths it may not: ";
    for (std::size_t i = 0; i < offences.size(); ++i)
        message += (i == 0 ? "" : "; ") + offences[i];
    return fail(ErrorCode::invalid_input,
                message + ". Allowed: " + quoted_list(allowed) +
                    " (a trailing '/' allows everything below that folder); change only those.");
}

} // namespace medic::patch
