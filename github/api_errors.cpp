// describe_failure: GitHub's error answers turned into messages that say what to fix.

#include "bot/model/json.hpp"
#include "bot/model/text.hpp"
#include "github/api_client.hpp"

namespace medic::github {

namespace {

std::string github_message(const ApiAnswer& answer) {
    if (!answer.body.is_object())
        return utf8_prefix(answer.raw.body, 200);
    std::string message = text_of(answer.body, "message");
    auto const errors = answer.body.find("errors");
    if (errors == answer.body.end() || !errors->is_array())
        return message;
    for (auto const& error : *errors) {
        if (!error.is_object()) {
            message += "; " + to_json_text(error);
            continue;
        }
        auto const said = text_of(error, "message");
        message += "; " + (said.empty() ? text_of(error, "code") : said);
        if (auto const field = text_of(error, "field"); !field.empty())
            message += " (" + text_of(error, "resource") + "." + field + ")";
    }
    return message;
}

/// The fine-grained permission GitHub documents for the endpoint `path`.
std::string permission_for(std::string_view method, std::string_view path) {
    auto has = [&](std::string_view part) { return path.find(part) != std::string_view::npos; };
    if (has("/check-runs"))
        return "checks: write";
    if (has("/merge") || has("/git/refs") || has("/contents"))
        return "contents: write";
    if (has("/protection"))
        return "administration: read";
    if (has("/pulls"))
        return method == "GET" ? "pull requests: read" : "pull requests: write";
    if (has("/labels") || has("/comments") || has("/issues"))
        return "issues: write (or pull requests: write)";
    if (has("graphql"))
        return "pull requests: write and contents: write";
    return "metadata: read";
}

std::string forbidden_advice(std::string_view method, std::string_view path,
                             const std::string& said, std::string_view token_kind) {
    if (said.find("GitHub App") != std::string::npos)
        return "only a GitHub App may do this (check runs are App-only): run Medic as an App "
               "(github.app_id, github.private_key_file) or set publish.check_run: false";
    if (said.find("protected branch") != std::string::npos ||
        said.find("branch protection") != std::string::npos)
        return "branch protection forbids it: let Medic's branches through the rule, or turn "
               "publish.auto_merge off";
    return "the " + std::string(token_kind) + " lacks a permission: grant it \"" +
           permission_for(method, path) + "\" on the repository";
}

} // namespace

Error describe_failure(std::string_view method, std::string_view path, const ApiAnswer& answer,
                       std::string_view token_kind) {
    auto const said = github_message(answer);
    auto const call = std::string(method) + " " + std::string(path) + " answered " +
                      std::to_string(answer.status) + " (" + said + "): ";
    switch (answer.status) {
    case 401:
        return {ErrorCode::invalid_input,
                call + "GitHub refused the " + std::string(token_kind) +
                    ": check that it is valid, not expired, and the one Medic was given "
                    "(github.token_env, or the App's id and key)"};
    case 403:
    case 429:
        if (is_rate_limited(answer.raw))
            return {ErrorCode::rate_limited,
                    call + "GitHub's rate limit held for longer than Medic waits: try later"};
        return {ErrorCode::invalid_input, call + forbidden_advice(method, path, said, token_kind)};
    case 404:
        return {ErrorCode::not_found,
                call + "check github.repository and that the " + std::string(token_kind) +
                    " can see it (GitHub answers 404, not 403, to tokens without access)"};
    case 410:
        return {ErrorCode::not_found,
                call + "GitHub says it is gone (deleted, or the feature is turned off for the "
                       "repository, as issues may be)"};
    case 405:
        return {ErrorCode::conflict,
                call + "GitHub will not merge yet: required checks or reviews are not satisfied "
                       "(branch protection)"};
    case 409:
        return {ErrorCode::conflict, call + "the branch moved underneath Medic: run it again"};
    case 301:
    case 302:
    case 307:
        return {ErrorCode::invalid_input,
                call + "the repository moved (renamed or transferred) to " +
                    std::string(answer.raw.header("location").value_or("?")) +
                    ": update github.repository"};
    case 422:
        return {ErrorCode::invalid_input, call + "GitHub rejected the request's content"};
    default:
        if (answer.status >= 500)
            return {ErrorCode::unavailable, call + "GitHub is failing; Medic retried, try later"};
        return {ErrorCode::internal, call + "unexpected answer; please report it"};
    }
}

} // namespace medic::github
