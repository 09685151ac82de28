// Fuzz target: GitHub's API answers. A scripted HttpClient answers each request with the next
// answer cut from the input, so every reader of GitHub's JSON meets them: publishing a pull
// request (PR, labels, reviewers, status comment, check run, merge), the required checks, and a
// GitHub App's installation lookup and token. Answers are separated by a line "----"; each is a
// status line, header lines, an empty line and the body. Past the last answer, the transport fails.
#include "github/app_auth.hpp"
#include "github/openssl_handles.hpp"
#include "github/publisher.hpp"
#include "tests/support/manual_clock.hpp"

#include <cstdint>
#include <openssl/pem.h>
#include <openssl/rsa.h>
#include <stdexcept>

namespace {

using namespace medic;

/// Cuts the next "----"-separated answer off `rest`.
HttpResponse next_answer(std::string_view& rest) {
    auto const end = rest.find("\n----\n");
    auto answer = rest.substr(0, end);
    rest = end == std::string_view::npos ? std::string_view() : rest.substr(end + 6);
    HttpResponse response;
    auto const status_end = answer.find('\n');
    for (char c : answer.substr(0, std::min<std::size_t>(status_end, 3)))
        if (c >= '0' && c <= '9')
            response.status = response.status * 10 + (c - '0');
    answer =
        status_end == std::string_view::npos ? std::string_view() : answer.substr(status_end + 1);
    while (!answer.empty() && answer.front() != '\n') {
        auto const line_end = std::min(answer.find('\n'), answer.size());
        auto const line = answer.substr(0, line_end);
        if (auto const colon = line.find(": "); colon != std::string_view::npos)
            response.headers.emplace_back(line.substr(0, colon), line.substr(colon + 2));
        answer = answer.substr(std::min(line_end + 1, answer.size()));
    }
    response.body = answer.empty() ? std::string() : std::string(answer.substr(1));
    return response;
}

class ScriptedGitHub final : public HttpClient {
public:
    explicit ScriptedGitHub(std::string_view script) : m_rest(script) {}
    Result<HttpResponse> send(const HttpRequest& request) override {
        if (m_rest.empty())
            return std::unexpected(Error{ErrorCode::unavailable, "no answer for " + request.url});
        return next_answer(m_rest);
    }

private:
    std::string_view m_rest;
};

class NoWait final : public Sleeper {
public:
    void sleep_for(std::chrono::milliseconds) override {}
};

/// A GitHub App key, made once: RSA generation is slow.
const std::string& app_key_pem() {
    static const std::string pem = [] {
        github::ssl::Pkey const key(EVP_RSA_gen(2048));
        github::ssl::Bio const bio(BIO_new(BIO_s_mem()));
        if (!key || !bio ||
            !PEM_write_bio_PrivateKey(bio.get(), key.get(), nullptr, nullptr, 0, nullptr, nullptr))
            throw std::runtime_error("OpenSSL could not make the fuzz target's App key");
        char* text = nullptr;
        auto const size = BIO_get_mem_data(bio.get(), &text);
        return std::string(text, static_cast<std::size_t>(size));
    }();
    return pem;
}

const test::ManualClock
    k_fixed_clock(std::chrono::system_clock::time_point(std::chrono::seconds(1'800'000'000)));

github::PullRequestPlan plan() {
    github::PullRequestPlan plan;
    plan.repo = {"acme", "shop"};
    plan.pull = {"medic/slow-abc123", "main", "Reserve before the loop", "body", false};
    plan.head_sha = "0123456789abcdef0123456789abcdef01234567";
    plan.labels = {"medic", "performance"};
    plan.reviewers = {{"alice", "bob"}, {"acme/perf"}};
    plan.comment_marker = "<!-- medic:abc123 -->";
    plan.comment_body = "status";
    github::CheckRunSpec check;
    check.head_sha = plan.head_sha;
    check.conclusion = "success";
    check.annotations.resize(60, github::CheckAnnotation{"src/cart.cpp", 3, 4, "notice", "t", "m"});
    plan.check_run = check;
    plan.merge_facts = {true, Strategy::rules, 4, {"medic"}};
    return plan;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    std::string_view const script(reinterpret_cast<const char*>(data), size);
    NoWait no_wait;
    github::ApiOptions options;
    options.api_url = "https://github.example/api/v3";
    options.max_retries = 2;
    options.initial_backoff = std::chrono::milliseconds(0);
    options.jitter_seed = 1;

    ScriptedGitHub app_http(script);
    github::AppCredentials credentials;
    credentials.api_url = options.api_url;
    credentials.app_id = "12345";
    credentials.private_key_pem = app_key_pem();
    credentials.repository = "acme/shop";
    github::InstallationTokenSource app(app_http, no_wait, credentials, k_fixed_clock);
    static_cast<void>(app.token());
    static_cast<void>(app.installation_id());

    ScriptedGitHub http(script);
    github::StaticToken token("t");
    github::GitHubApi api(http, no_wait, token, options, k_fixed_clock);
    PublishConfig config;
    config.auto_merge.enabled = true;
    static_cast<void>(github::publish_pull_request(api, plan(), config));
    static_cast<void>(github::required_checks_state(api, {"acme", "shop"}, "main", "0123"));
    static_cast<void>(api.list("/repos/acme/shop/pulls?state=all", 250));
    return 0;
}
