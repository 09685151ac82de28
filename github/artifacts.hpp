#pragma once
// Workflow artifacts: the zip GitHub keeps of what a workflow uploaded (an anomaly report that
// is too large for a repository_dispatch payload travels this way). GET
// /repos/{owner}/{repo}/actions/artifacts/{id}/zip answers 302 with a short-lived link on the
// storage host; that link is fetched without the token (it carries its own signature, and the
// token must not leave for another host). Needs the "Actions: read" permission.

#include "bot/model/http.hpp"
#include "bot/model/result.hpp"
#include "github/api_client.hpp"
#include "github/repository.hpp"

#include <cstdint>
#include <string>
#include <string_view>

namespace medic::github {

/// The artifact id `reference` names for `repo`: a number ("123"), or a URL of one of
/// `repo`'s artifacts — the API's archive_download_url (.../actions/artifacts/123/zip) or the
/// page actions/upload-artifact gives (https://github.com/o/r/actions/runs/9/artifacts/123).
/// A URL of another repository is refused: only `repo`'s artifacts are ever fetched.
Result<std::int64_t> artifact_id_of(std::string_view reference, const RepoRef& repo);

/// The zip archive of artifact `id` of `repo`; an archive over `max_bytes` is refused.
/// `storage` fetches the link the API redirects to (no Authorization is sent there).
Result<std::string> download_artifact(GitHubApi& api, HttpClient& storage, const RepoRef& repo,
                                      std::int64_t id, std::size_t max_bytes);

} // namespace medic::github
