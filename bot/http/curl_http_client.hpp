#pragma once
// CurlHttpClient: HttpClient over libcurl (7.88, OpenSSL), and CurlGlobal, which owns libcurl's
// process-wide initialisation.

#include "bot/model/http.hpp"

#include <cstddef>

namespace medic::http {

/// Owns curl_global_init/curl_global_cleanup. libcurl requires the init once, before any other
/// thread exists, and the cleanup after every handle is gone: so the composition root (main, the
/// webhook server) constructs exactly one CurlGlobal first thing and keeps it alive longest.
/// Throws std::runtime_error when libcurl cannot start (a fatal start-up problem).
class CurlGlobal {
public:
    CurlGlobal();
    ~CurlGlobal();
    CurlGlobal(const CurlGlobal&) = delete;
    CurlGlobal& operator=(const CurlGlobal&) = delete;
};

/// Sends requests with one fresh easy handle per request, so one client can serve several
/// threads; always with connect and total timeouts, without signals, capturing the final
/// response's headers.
class CurlHttpClient final : public HttpClient {
public:
    /// The longest connect phase, whatever the request's total timeout.
    static constexpr double k_max_connect_timeout_s = 15;
    /// Larger bodies are refused rather than held in memory.
    static constexpr std::size_t k_max_response_bytes = std::size_t{64} << 20;

    /// Needs libcurl initialised: the CurlGlobal must outlive the client.
    explicit CurlHttpClient(const CurlGlobal& global);

    /// One attempt; transport failures are ErrorCode::unavailable naming the URL and curl's reason.
    Result<HttpResponse> send(const HttpRequest& request) override;
};

} // namespace medic::http
