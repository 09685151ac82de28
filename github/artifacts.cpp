#include "github/artifacts.hpp"

#include <algorithm>
#include <charconv>
#include <optional>

namespace medic::github {
namespace {

std::optional<std::int64_t> positive_number(std::string_view text) {
    std::int64_t value = 0;
    auto const [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (error != std::errc() || end != text.data() + text.size() || value <= 0)
        return std::nullopt;
    return value;
}

bool same_name(std::string_view a, std::string_view b) {
    return std::ranges::equal(a, b,
                              [](char x, char y) { return std::tolower(x) == std::tolower(y); });
}

} // namespace

Result<std::int64_t> artifact_id_of(std::string_view reference, const RepoRef& repo) {
    if (auto const id = positive_number(reference))
        return *id;
    auto const bad = [&](std::string why) {
        return fail(ErrorCode::invalid_input,
                    "the artifact reference '" + std::string(reference) + "' " + why +
                        ": give the artifact's id, its archive_download_url, or its page on "
                        "GitHub (.../actions/runs/<run>/artifacts/<id>)");
    };
    auto path = reference;
    if (auto const scheme = path.find("://"); scheme != std::string_view::npos) {
        path.remove_prefix(scheme + 3);
        path.remove_prefix(std::min(path.find('/'), path.size())); // the host
    }
    if (path.ends_with("/zip"))
        path.remove_suffix(4);
    auto const marker = path.rfind("/artifacts/");
    if (marker == std::string_view::npos)
        return bad("names no artifact");
    if (path.find("/../") != std::string_view::npos || path.find("/./") != std::string_view::npos)
        return bad("is not a plain URL");
    auto const id = positive_number(path.substr(marker + 11));
    if (!id)
        return bad("names no artifact id");
    // .../repos/<owner>/<name>/actions/... (the API) or /<owner>/<name>/actions/... (the page)
    auto const actions = path.rfind("/actions/", marker);
    auto owner_and_name = path.substr(0, actions == std::string_view::npos ? 0 : actions);
    if (auto const repos = owner_and_name.rfind("/repos/"); repos != std::string_view::npos)
        owner_and_name.remove_prefix(repos + 6);
    auto const expected = "/" + repo.owner + "/" + repo.name;
    if (!same_name(owner_and_name, expected))
        return bad("is not an artifact of " + repo.full_name());
    return *id;
}

Result<std::string> download_artifact(GitHubApi& api, HttpClient& storage, const RepoRef& repo,
                                      std::int64_t id, std::size_t max_bytes) {
    auto const path = repo.path() + "/actions/artifacts/" + std::to_string(id) + "/zip";
    MEDIC_TRY(answer, api.call("GET", path));
    if (answer->status == 410)
        return fail(ErrorCode::not_found, "artifact " + std::to_string(id) + " of " +
                                              repo.full_name() +
                                              " expired (GitHub keeps artifacts 90 days or "
                                              "what the repository's retention says)");
    auto const location = answer->raw.header("Location");
    if (answer->status != 302 || !location)
        return std::unexpected(api.failure("GET", path, *answer));
    HttpRequest request;
    request.url = std::string(*location);
    request.headers = {{"User-Agent", "medic"}};
    request.timeout_s = 120;
    MEDIC_TRY(archive, storage.send(request));
    if (archive->status != 200)
        return fail(ErrorCode::unavailable, "the storage host answered " +
                                                std::to_string(archive->status) + " for artifact " +
                                                std::to_string(id));
    if (archive->body.size() > max_bytes)
        return fail(ErrorCode::invalid_input, "artifact " + std::to_string(id) + " is " +
                                                  std::to_string(archive->body.size()) +
                                                  " bytes, over the " + std::to_string(max_bytes) +
                                                  " Medic reads");
    return std::move(archive->body);
}

} // namespace medic::github
