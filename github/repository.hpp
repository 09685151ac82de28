#pragma once
// RepoRef: which GitHub repository Medic publishes to, and the URLs derived from it.

#include "bot/model/result.hpp"

#include <string>
#include <string_view>

namespace medic::github {

/// owner/name of a repository.
struct RepoRef {
    std::string owner;
    std::string name;

    /// "/repos/<owner>/<name>": the prefix of every repository endpoint.
    [[nodiscard]] std::string path() const { return "/repos/" + owner + "/" + name; }
    [[nodiscard]] std::string full_name() const { return owner + "/" + name; }
};

/// Parses "owner/name" (as in github.repository).
Result<RepoRef> parse_repo_ref(std::string_view text);

/// owner/name from a GitHub remote URL: https://github.com/o/n(.git), git@github.com:o/n.git,
/// ssh://git@host/o/n.git, or an Enterprise Server's https://host/o/n.git.
Result<RepoRef> repo_ref_from_remote_url(std::string_view url);

/// The HTTPS clone URL of `repo` on the server whose REST API is at `api_url`
/// (https://api.github.com -> https://github.com/o/n.git; https://HOST/api/v3 ->
/// https://HOST/o/n.git).
std::string clone_url(std::string_view api_url, const RepoRef& repo);

} // namespace medic::github
