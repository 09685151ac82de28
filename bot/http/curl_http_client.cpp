#include "bot/http/curl_http_client.hpp"

#include "bot/model/result.hpp"

#include <algorithm>
#include <curl/curl.h>
#include <memory>
#include <stdexcept>
#include <string>

namespace medic::http {
namespace {

struct EasyDeleter {
    void operator()(CURL* handle) const { curl_easy_cleanup(handle); }
};
struct SlistDeleter {
    void operator()(curl_slist* list) const { curl_slist_free_all(list); }
};
using EasyHandle = std::unique_ptr<CURL, EasyDeleter>;
using HeaderList = std::unique_ptr<curl_slist, SlistDeleter>;

/// What the callbacks fill in while curl runs.
struct Received {
    HttpResponse response;
    bool too_large = false;
};

std::size_t on_body(char* data, std::size_t size, std::size_t count, void* user) {
    auto& received = *static_cast<Received*>(user);
    const std::size_t bytes = size * count;
    if (received.response.body.size() + bytes > CurlHttpClient::k_max_response_bytes) {
        received.too_large = true;
        return 0; // makes curl stop with CURLE_WRITE_ERROR
    }
    received.response.body.append(data, bytes);
    return bytes;
}

std::string trim(std::string_view text) {
    const auto first = text.find_first_not_of(" \t\r\n");
    if (first == std::string_view::npos)
        return {};
    const auto last = text.find_last_not_of(" \t\r\n");
    return std::string(text.substr(first, last - first + 1));
}

// Called once per header line of every response curl sees (a 100 Continue or a redirect too),
// so a status line starts the list afresh: only the final response's headers are kept.
std::size_t on_header(char* data, std::size_t size, std::size_t count, void* user) {
    auto& headers = static_cast<Received*>(user)->response.headers;
    const std::size_t bytes = size * count;
    const std::string_view line(data, bytes);
    if (line.starts_with("HTTP/")) {
        headers.clear();
    } else if (const auto colon = line.find(':'); colon != std::string_view::npos) {
        headers.emplace_back(trim(line.substr(0, colon)), trim(line.substr(colon + 1)));
    }
    return bytes;
}

Result<HeaderList> header_list(const std::vector<HttpHeader>& headers) {
    HeaderList list;
    auto append = [&list](const std::string& line) {
        curl_slist* grown = curl_slist_append(list.get(), line.c_str());
        if (grown == nullptr)
            return false;
        (void)list.release(); // curl_slist_append returned the same (now longer) list
        list.reset(grown);
        return true;
    };
    for (const auto& [name, value] : headers)
        if (!append(name + ": " + value))
            return fail(ErrorCode::internal, "out of memory building request headers");
    // curl sends "Expect: 100-continue" for larger bodies and then waits up to a second for a
    // 100 that many servers never send; an empty Expect header turns that off.
    if (!append("Expect:"))
        return fail(ErrorCode::internal, "out of memory building request headers");
    return list;
}

void set_method(CURL* handle, const HttpRequest& request) {
    if (request.method == "GET" && request.body.empty()) {
        curl_easy_setopt(handle, CURLOPT_HTTPGET, 1L);
        return;
    }
    if (request.method == "HEAD") {
        curl_easy_setopt(handle, CURLOPT_NOBODY, 1L);
        return;
    }
    curl_easy_setopt(handle, CURLOPT_POSTFIELDSIZE_LARGE,
                     static_cast<curl_off_t>(request.body.size()));
    curl_easy_setopt(handle, CURLOPT_POSTFIELDS, request.body.data());
    if (request.method != "POST")
        curl_easy_setopt(handle, CURLOPT_CUSTOMREQUEST, request.method.c_str());
}

void set_timeouts(CURL* handle, double timeout_s) {
    const double total_s = timeout_s > 0 ? timeout_s : 30.0;
    const double connect_s = std::min(total_s, CurlHttpClient::k_max_connect_timeout_s);
    curl_easy_setopt(handle, CURLOPT_TIMEOUT_MS, static_cast<long>(total_s * 1000));
    curl_easy_setopt(handle, CURLOPT_CONNECTTIMEOUT_MS, static_cast<long>(connect_s * 1000));
    curl_easy_setopt(handle, CURLOPT_NOSIGNAL, 1L); // timeouts without SIGALRM: thread-safe
}

ErrorCode code_for(CURLcode code) {
    switch (code) {
    case CURLE_URL_MALFORMAT:
    case CURLE_UNSUPPORTED_PROTOCOL:
        return ErrorCode::invalid_input;
    default:
        return ErrorCode::unavailable;
    }
}

Error transport_error(const HttpRequest& request, CURLcode code, const char* detail,
                      const Received& received) {
    std::string message = request.method + " " + request.url + " failed: ";
    if (received.too_large) {
        message += "the response is larger than " +
                   std::to_string(CurlHttpClient::k_max_response_bytes >> 20) + " MiB";
        return Error{ErrorCode::unavailable, message};
    }
    message += curl_easy_strerror(code);
    if (detail != nullptr && *detail != '\0')
        message += std::string(" (") + detail + ")";
    if (code == CURLE_OPERATION_TIMEDOUT)
        message += "; the limit was " + std::to_string(request.timeout_s) + " s";
    return Error{code_for(code), message};
}

} // namespace

CurlGlobal::CurlGlobal() {
    if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK)
        throw std::runtime_error("libcurl could not be initialised (curl_global_init failed)");
}

CurlGlobal::~CurlGlobal() {
    curl_global_cleanup();
}

CurlHttpClient::CurlHttpClient(const CurlGlobal& /*global*/) {}

Result<HttpResponse> CurlHttpClient::send(const HttpRequest& request) {
    EasyHandle handle(curl_easy_init());
    if (!handle)
        return fail(ErrorCode::internal, "curl_easy_init failed (out of memory?)");
    MEDIC_TRY(headers, header_list(request.headers));

    Received received;
    char detail[CURL_ERROR_SIZE] = {};
    CURL* easy = handle.get();
    curl_easy_setopt(easy, CURLOPT_URL, request.url.c_str());
    curl_easy_setopt(easy, CURLOPT_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(easy, CURLOPT_HTTPHEADER, headers->get());
    curl_easy_setopt(easy, CURLOPT_ACCEPT_ENCODING, ""); // whatever this libcurl can decode
    curl_easy_setopt(easy, CURLOPT_ERRORBUFFER, detail);
    curl_easy_setopt(easy, CURLOPT_WRITEFUNCTION, on_body);
    curl_easy_setopt(easy, CURLOPT_WRITEDATA, &received);
    curl_easy_setopt(easy, CURLOPT_HEADERFUNCTION, on_header);
    curl_easy_setopt(easy, CURLOPT_HEADERDATA, &received);
    set_method(easy, request);
    set_timeouts(easy, request.timeout_s);

    if (const CURLcode code = curl_easy_perform(easy); code != CURLE_OK)
        return std::unexpected(transport_error(request, code, detail, received));
    long status = 0;
    curl_easy_getinfo(easy, CURLINFO_RESPONSE_CODE, &status);
    received.response.status = static_cast<int>(status);
    return std::move(received.response);
}

} // namespace medic::http
