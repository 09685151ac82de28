#include "bot/serve/comment_commands.hpp"

#include "bot/model/text.hpp"

#include <algorithm>
#include <array>

namespace medic::serve {
namespace {

std::string_view trim_start(std::string_view text) {
    while (!text.empty() && (text.front() == ' ' || text.front() == '\t'))
        text.remove_prefix(1);
    return text;
}

std::string lowercase(std::string_view text) {
    std::string out(text);
    std::ranges::transform(out, out.begin(),
                           [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return out;
}

constexpr std::array<std::pair<std::string_view, CommandKind>, 3> k_commands{
    {{"explain", CommandKind::explain},
     {"close", CommandKind::close},
     {"help", CommandKind::help}}};

} // namespace

std::optional<MedicCommand> parse_medic_command(std::string_view body) {
    bool in_code = false;
    for (auto const& raw : split(std::string(body), '\n')) {
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
        auto const word = lowercase(line.substr(0, end));
        if (word.empty())
            return MedicCommand{CommandKind::help, "help", false};
        for (auto const& [name, kind] : k_commands)
            if (word == name)
                return MedicCommand{kind, word, false};
        return MedicCommand{CommandKind::help, word, true};
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
           "- `/medic explain` — the root cause, the evidence, what validated the fix, and the "
           "commands that reproduce it;\n"
           "- `/medic close` — close this pull request and delete its branch; Medic records "
           "that the fix was rejected;\n"
           "- `/medic help` — this list.\n";
}

} // namespace medic::serve
