#pragma once
// HttpRequest, HttpResponse and the two edges of the world an HTTP caller needs: a client that
// sends, and a sleeper that waits between retries. Plain data and interfaces only, no I/O, so
// the LLM and GitHub clients depend on this header and tests pass real local servers instead.

#include "bot/model/result.hpp"

#include <algorithm>
#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace medic {

/// One HTTP header as sent or received (names compare case-insensitively, RFC 9110).
using HttpHeader = std::pair<std::string, std::string>;

/// True when two header names are the same header (ASCII case-insensitive).
inline bool same_header_name(std::string_view a, std::string_view b) {
    return std::ranges::equal(a, b, [](char x, char y) {
        auto lower = [](char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c + 32) : c; };
        return lower(x) == lower(y);
    });
}

/// A request as the caller means it; the client adds nothing but transport details.
struct HttpRequest {
    std::string method = "GET";
    std::string url;
    std::vector<HttpHeader> headers;
    std::string body;
    double timeout_s = 30; ///< The whole exchange, connect included.
};

/// A response of any status: a 4xx or 5xx is still a response, not an Error.
struct HttpResponse {
    int status = 0;
    std::vector<HttpHeader> headers; ///< In the order received (the final response's only).
    std::string body;

    /// The first header called `name` (any case), or nothing.
    [[nodiscard]] std::optional<std::string_view> header(std::string_view name) const {
        for (const auto& [key, value] : headers)
            if (same_header_name(key, name))
                return std::string_view(value);
        return std::nullopt;
    }
};

/// Sends one request. A transport failure (refused, timed out, TLS) is an Error with
/// ErrorCode::unavailable whose message names the URL and the transport's own reason.
class HttpClient {
public:
    virtual ~HttpClient() = default;
    /// One attempt, no retries: retrying is the caller's policy (see bot/model/retry.hpp).
    virtual Result<HttpResponse> send(const HttpRequest& request) = 0;
};

/// Waits between retries; injectable so tests record the waits instead of sleeping.
class Sleeper {
public:
    virtual ~Sleeper() = default;
    /// Blocks the calling thread for `duration`.
    virtual void sleep_for(std::chrono::milliseconds duration) = 0;
};

} // namespace medic
