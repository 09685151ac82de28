#include "bot/serve/comment_commands.hpp"

#include "bot/model/text.hpp"

#include <algorithm>
#include <array>
#include <vector>

namespace medic::serve {
namespace {

std::string_view trim_start(std::string_view text) {
    while (!text.empty() && (text.front() == ' ' || text.front() == '\t'))
        text.remove_prefix(1);
    return text;
}

constexpr std::array<std::pair<std::string_view, CommandKind>, 5> k_commands{
    {{"revise", CommandKind::revise},
     {"retry", CommandKind::retry},
     {"explain", CommandKind::explain},
     {"close", CommandKind::close},
     {"help", CommandKind::help}}};

/// `line` (after the command word) and the lines after it, blanks at both ends removed.
std::string argument_of(std::string_view line, const std::vector<std::string>& lines,
                        std::size_t index) {
    std::string text(line);
    for (std::size_t next = index + 1; next < lines.size(); ++next)
        text += "\n" + lines[next];
    auto const first = text.find_first_not_of(" \t\r\n");
    if (first == std::string::npos)
        return {};
    auto const last = text.find_last_not_of(" \t\r\n");
    return text.substr(first, last - first + 1);
}

} // namespace

std::optional<MedicCommand> parse_medic_command(std::string_view body) {
    bool in_code = false;
    auto const lines = split(std::string(body), '\n');
    for (std::size_t index = 0; index < lines.size(); ++index) {
        auto const& raw = lines[index];
        if (raw.starts_with("    ") || raw.starts_with('\t'))
            continue; // an indented code block
        auto line = trim_start(raw);
        if (line.starts_with("```") || line.starts_with("~~~")) {
            in_code = !in_code;
            continue;
        }
        if (in_code || !line.starts_with("/medic"))
            continue;
        line.remove_prefix(6);
        if (!line.empty() && line.front() != ' ' && line.front() != '\t' && line.front() != '\r')
            continue; // "/medical" is no command
        line = trim_start(line);
        auto const end = line.find_first_of(" \t\r");
        auto const word = ascii_lowercase(line.substr(0, end));
        if (word.empty())
            return MedicCommand{CommandKind::help, "help", false, {}};
        auto const rest = end == std::string_view::npos ? std::string_view() : line.substr(end);
        for (auto const& [name, kind] : k_commands)
            if (word == name)
                return MedicCommand{kind, word, false, argument_of(rest, lines, index)};
        return MedicCommand{CommandKind::help, word, true, {}};
    }
    return std::nullopt;
}

bool is_bot(const CommandAuthor& author) {
    return author.type == "Bot" || author.login.ends_with("[bot]");
}

CommandAuthority authority_of(const CommandAuthor& author, std::string_view permission) {
    if (is_bot(author))
        return CommandAuthority::ignore;
    bool const may_push =
        permission == "write" || permission == "maintain" || permission == "admin";
    return may_push ? CommandAuthority::act : CommandAuthority::refuse;
}

std::optional<std::string> PermissionCache::find(const std::string& repository,
                                                 const std::string& user) {
    std::lock_guard lock(m_mutex);
    auto const found = m_permissions.find({repository, user});
    if (found == m_permissions.end() || m_clock.now() - found->second.second >= m_ttl)
        return std::nullopt;
    return found->second.first;
}

void PermissionCache::keep(const std::string& repository, const std::string& user,
                           std::string permission) {
    std::lock_guard lock(m_mutex);
    m_permissions[{repository, user}] = {std::move(permission), m_clock.now()};
}

std::string command_help() {
    return "Commands for this pull request, in a comment of their own line (people with write "
           "access to the repository):\n\n"
           "- `/medic revise <what to change>` — a new draft from the model with your "
           "feedback (the lines after the command count too), validated like the first; the "
           "branch is updated only when it passes;\n"
           "- `/medic retry` — validate the fix again (after a failure of the build machine, "
           "say) and report the result in the `medic/validation` check run; on a base that "
           "moved, the fix is re-applied there, and drafted anew only if it no longer "
           "applies;\n"
           "- `/medic explain` — the root cause, the evidence, what validated the fix, and the "
           "commands that reproduce it;\n"
           "- `/medic close` — close this pull request and delete its branch; Medic records "
           "that the fix was rejected;\n"
           "- `/medic help` — this list.\n\n"
           "A review that requests changes counts as `/medic revise` with the review's text "
           "and its line comments. Push a commit of your own to the branch and Medic hands "
           "the pull request over to you: it stops updating it.\n";
}

} // namespace medic::serve
