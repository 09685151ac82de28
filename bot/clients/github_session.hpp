#pragma once
// GitHubSession: the real GitHub client a command needs — libcurl transport, the token source
// the configuration asks for (a plain token from the environment, or a GitHub App's
// installation tokens), and the API client over them.

#include "bot/http/curl_http_client.hpp"
#include "bot/http/real_sleeper.hpp"
#include "bot/model/config.hpp"
#include "github/api_client.hpp"
#include "github/repository.hpp"
#include "github/token_source.hpp"

#include <filesystem>
#include <memory>

namespace medic::clients {

/// Owns everything a GitHubApi refers to; not movable (the API holds references).
struct GitHubSession {
    explicit GitHubSession(const http::CurlGlobal& curl) : http(curl) {}
    GitHubSession(const GitHubSession&) = delete;
    GitHubSession& operator=(const GitHubSession&) = delete;

    http::CurlHttpClient http;
    http::RealSleeper sleeper;
    std::unique_ptr<github::TokenSource> token;
    std::unique_ptr<github::GitHubApi> api;
    bool app = false; ///< Authenticated as a GitHub App installation.
};

/// Builds the session `config` describes; says what to set when no credentials are found.
Result<std::unique_ptr<GitHubSession>> open_github_session(const GitHubConfig& config,
                                                           const std::filesystem::path& repo,
                                                           const http::CurlGlobal& curl);

/// A session as the GitHub App itself (its JWT, for the endpoints only the App may call: its
/// webhook deliveries); needs github.app_id and its private key.
Result<std::unique_ptr<GitHubSession>> open_app_session(const GitHubConfig& config,
                                                        const http::CurlGlobal& curl);

} // namespace medic::clients
