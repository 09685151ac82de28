#pragma once
// TokenSource: where the GitHub token for API calls and git pushes comes from — a plain token
// (a PAT, or Actions' GITHUB_TOKEN) or a GitHub App's installation token (github/app_auth.hpp).

#include "bot/model/result.hpp"

#include <string>
#include <utility>

namespace medic::github {

/// Supplies a token valid right now. REST calls send it as `Authorization: <scheme> <t>`, git
/// pushes as user `x-access-token` with the token as password.
class TokenSource {
public:
    virtual ~TokenSource() = default;
    /// The token to use for the next request (fetched or refreshed when needed).
    virtual Result<std::string> token() = 0;
    /// Forgets a cached token the server refused, so the next token() fetches a fresh one.
    virtual void invalidate() = 0;
    /// "token", "GitHub App installation token": named in error messages.
    [[nodiscard]] virtual std::string kind() const = 0;
    /// The Authorization scheme: "token" for tokens, "Bearer" for an App's JWT (GitHub refuses
    /// a JWT sent any other way).
    [[nodiscard]] virtual std::string scheme() const { return "token"; }
};

/// A token given as is (PAT, GITHUB_TOKEN): never refreshed.
class StaticToken final : public TokenSource {
public:
    explicit StaticToken(std::string token, std::string kind = "token")
        : m_token(std::move(token)), m_kind(std::move(kind)) {}
    Result<std::string> token() override { return m_token; }
    void invalidate() override {}
    [[nodiscard]] std::string kind() const override { return m_kind; }

private:
    std::string m_token;
    std::string m_kind;
};

} // namespace medic::github
