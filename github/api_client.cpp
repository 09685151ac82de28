#include "github/api_client.hpp"

#include "bot/model/json.hpp"
#include "bot/model/result.hpp"

#include <cctype>
#include <cstdio>
#include <set>

namespace medic::github {

namespace {

std::string with_per_page(std::string_view path) {
    std::string url(path);
    if (url.find("per_page=") == std::string::npos)
        url.append(url.find('?') == std::string::npos ? "?" : "&").append("per_page=100");
    return url;
}

std::string trim_slashes(std::string_view text) {
    while (!text.empty() && text.back() == '/')
        text.remove_suffix(1);
    return std::string(text);
}

} // namespace

GitHubApi::GitHubApi(HttpClient& http, Sleeper& sleeper, TokenSource& token, ApiOptions options,
                     const Clock& clock)
    : m_http(http), m_sleeper(sleeper), m_token(token), m_options(std::move(options)),
      m_clock(clock), m_random(m_options.jitter_seed) {
    m_options.api_url = trim_slashes(m_options.api_url);
}

std::string GitHubApi::url_of(std::string_view path) const {
    if (path.starts_with("http://") || path.starts_with("https://"))
        return std::string(path);
    return m_options.api_url + std::string(path);
}

Result<HttpResponse> GitHubApi::send_once(std::string_view method, const std::string& url,
                                          const nlohmann::json* body) {
    MEDIC_TRY(token, m_token.token());
    HttpRequest request{std::string(method),
                        url,
                        {{"Accept", m_options.accept},
                         {"Authorization", m_token.scheme() + " " + *token},
                         {"User-Agent", m_options.user_agent},
                         {"X-GitHub-Api-Version", "2022-11-28"}},
                        {},
                        m_options.timeout_s};
    if (body != nullptr) {
        request.headers.emplace_back("Content-Type", "application/json; charset=utf-8");
        request.body = body->dump();
    }
    ++m_stats.requests;
    auto response = m_http.send(request);
    if (response)
        if (auto const limit = read_rate_limit(*response); limit.remaining >= 0)
            m_rate_limit = limit;
    return response;
}

Result<ApiAnswer> GitHubApi::call(std::string_view method, std::string_view path,
                                  const nlohmann::json* body) {
    auto const url = url_of(path);
    auto answer = send_once(method, url, body);
    bool refreshed_token = false;
    for (unsigned retry = 1; retry <= m_options.max_retries; ++retry) {
        if (answer && answer->status == 401 && !refreshed_token) {
            // An installation token may have expired early: one fresh token, then it is final.
            refreshed_token = true;
            m_token.invalidate();
            answer = send_once(method, url, body);
            continue;
        }
        bool const idempotent = method == "GET" || method == "HEAD";
        auto const decision = decide_retry(answer, retry, idempotent, m_clock.now(),
                                           m_options.initial_backoff, m_random);
        if (!decision.retry || decision.wait > m_options.max_wait)
            break;
        m_stats.waits.push_back(decision.wait);
        m_stats.wait_reasons.push_back(decision.why);
        ++m_stats.retries;
        m_sleeper.sleep_for(decision.wait);
        answer = send_once(method, url, body);
    }
    if (!answer)
        return std::unexpected(answer.error());
    return ApiAnswer{answer->status, parse_json_or_null(answer->body), std::move(*answer)};
}

Result<nlohmann::json> GitHubApi::expect_success(std::string_view method, std::string_view path,
                                                 const nlohmann::json* body) {
    MEDIC_TRY(answer, call(method, path, body));
    if (answer->status < 200 || answer->status >= 300)
        return std::unexpected(failure(method, path, *answer));
    return std::move(answer->body);
}

Result<nlohmann::json> GitHubApi::get(std::string_view path) {
    return expect_success("GET", path, nullptr);
}
Result<nlohmann::json> GitHubApi::post(std::string_view path, const nlohmann::json& body) {
    return expect_success("POST", path, &body);
}
Result<nlohmann::json> GitHubApi::patch(std::string_view path, const nlohmann::json& body) {
    return expect_success("PATCH", path, &body);
}
Result<nlohmann::json> GitHubApi::put(std::string_view path, const nlohmann::json& body) {
    return expect_success("PUT", path, &body);
}

Result<std::vector<nlohmann::json>>
GitHubApi::list(std::string_view path, std::size_t limit,
                const std::function<bool(const nlohmann::json&)>& enough) {
    std::vector<nlohmann::json> items;
    std::string next = with_per_page(path);
    std::set<std::string> visited; // a Link that points back must not loop for ever
    while (!next.empty() && visited.insert(next).second) {
        MEDIC_TRY(answer, call("GET", next));
        if (answer->status != 200)
            return std::unexpected(failure("GET", path, *answer));
        if (!answer->body.is_array())
            return fail(ErrorCode::invalid_input,
                        "GitHub answered GET " + std::string(path) + " with something not a list");
        for (auto& item : answer->body) {
            if (items.size() >= limit || (enough && enough(item)))
                return items;
            items.push_back(std::move(item));
        }
        next = next_page_url(answer->raw.header("link").value_or(""));
    }
    return items;
}

Result<nlohmann::json> GitHubApi::graphql(std::string_view query, const nlohmann::json& variables) {
    nlohmann::json const body{{"query", query}, {"variables", variables}};
    auto const url = graphql_url(m_options.api_url);
    auto data = expect_success("POST", url, &body);
    if (!data)
        return data;
    if (!data->is_object())
        return fail(ErrorCode::invalid_input,
                    "GitHub's GraphQL API answered something not an object");
    if (auto const errors = data->find("errors");
        errors != data->end() && !errors->is_null() && !errors->empty()) {
        std::string said;
        for (auto const& error : errors->is_array() ? *errors : nlohmann::json::array({*errors}))
            said += (said.empty() ? "" : "; ") + text_of(error, "message", to_json_text(error));
        return fail(ErrorCode::invalid_input, "GitHub's GraphQL API refused: " + said);
    }
    return object_of(*data, "data");
}

std::string encode_path_segment(std::string_view text) {
    std::string encoded;
    for (unsigned char c : text) {
        if (std::isalnum(c) != 0 || c == '-' || c == '_' || c == '.' || c == '~') {
            encoded += static_cast<char>(c);
            continue;
        }
        char escaped[4];
        std::snprintf(escaped, sizeof escaped, "%%%02X", c);
        encoded += escaped;
    }
    return encoded;
}

std::string next_page_url(std::string_view link_header) {
    // <https://api.github.com/...&page=2>; rel="next", <...>; rel="last"
    std::size_t start = 0;
    while ((start = link_header.find('<', start)) != std::string_view::npos) {
        auto const end = link_header.find('>', start);
        if (end == std::string_view::npos)
            break;
        auto const params_end = link_header.find(',', end);
        auto const params = link_header.substr(end, params_end - end);
        if (params.find("rel=\"next\"") != std::string_view::npos)
            return std::string(link_header.substr(start + 1, end - start - 1));
        start = end;
    }
    return {};
}

std::string graphql_url(std::string_view api_url) {
    auto base = trim_slashes(api_url);
    if (base.ends_with("/api/v3"))
        return base.substr(0, base.size() - 3) + "/graphql"; // GHES: /api/v3 -> /api/graphql
    return base + "/graphql";
}

} // namespace medic::github
