#pragma once
// `/medic` commands in a comment on one of Medic's pull requests, and who may give them. Pure:
// the text in, the command out; the author and their permission in, the decision out. The
// permission itself comes from GitHub (github/permissions.hpp) through PermissionCache.

#include "bot/model/clock.hpp"

#include <chrono>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

namespace medic::serve {

enum class CommandKind { revise, retry, explain, close, help };

/// A command and what follows it.
struct MedicCommand {
    CommandKind kind = CommandKind::help;
    std::string word;     ///< As written ("explain"); for help, also an unknown word.
    bool unknown = false; ///< `/medic <word>` with a word Medic does not know: answered by help.
    /// The rest of the command's line and every line after it, trimmed: revise's feedback.
    std::string argument;
};

/// The first line of `body` that starts with `/medic` (after blanks), as a command; none when
/// no line does. A `/medic` inside a quote (`> /medic close`) or a code block is no command.
std::optional<MedicCommand> parse_medic_command(std::string_view body);

/// What to do with a command from `author`.
enum class CommandAuthority {
    act,    ///< A user with write, maintain or admin permission.
    refuse, ///< Anyone else: one polite refusal per user and pull request.
    ignore, ///< A bot (Medic itself among them): nothing at all, not even a refusal.
};

struct CommandAuthor {
    std::string login;
    std::string type; ///< The payload's user.type: "User", "Bot", "Organization".
};

/// The decision; `permission` is GitHub's answer for the author (admin, maintain, write, ...).
CommandAuthority authority_of(const CommandAuthor& author, std::string_view permission);

/// Bots are decided without asking GitHub.
bool is_bot(const CommandAuthor& author);

/// Collaborator permissions read from GitHub, kept `ttl` (so a burst of commands costs one
/// request, and a revoked permission counts within minutes). Safe for several threads.
class PermissionCache {
public:
    explicit PermissionCache(const Clock& clock, std::chrono::seconds ttl = std::chrono::minutes(5))
        : m_clock(clock), m_ttl(ttl) {}

    [[nodiscard]] std::optional<std::string> find(const std::string& repository,
                                                  const std::string& user);
    void keep(const std::string& repository, const std::string& user, std::string permission);

private:
    const Clock& m_clock;
    std::chrono::seconds m_ttl;
    std::mutex m_mutex;
    std::map<std::pair<std::string, std::string>,
             std::pair<std::string, std::chrono::system_clock::time_point>>
        m_permissions;
};

/// The text of `help`: the commands and who may give them.
std::string command_help();

} // namespace medic::serve
