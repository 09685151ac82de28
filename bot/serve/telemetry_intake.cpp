#include "bot/serve/telemetry_intake.hpp"

#include "bot/model/text.hpp"
#include "bot/serve/inflate.hpp"
#include "bot/serve/webhook_intake.hpp"

namespace medic::serve {
namespace {

using telemetry::OtlpSignal;

/// google.rpc.Status codes the OTLP/HTTP specification uses in a 4xx body.
constexpr int k_invalid_argument = 3;
constexpr int k_unauthenticated = 16;

OtlpAnswer refuse(int status, int rpc_code, std::string message) {
    OtlpAnswer answer;
    answer.status = status;
    answer.body = {{"code", rpc_code}, {"message", std::move(message)}};
    return answer;
}

/// Equal texts, in a time that does not depend on where they first differ.
bool same_secret(std::string_view a, std::string_view b) {
    auto const length = std::max(a.size(), b.size());
    unsigned difference = a.size() == b.size() ? 0u : 1u;
    for (std::size_t i = 0; i < length; ++i) {
        auto const x = i < a.size() ? static_cast<unsigned char>(a[i]) : 0u;
        auto const y = i < b.size() ? static_cast<unsigned char>(b[i]) : 0u;
        difference |= x ^ y;
    }
    return difference == 0;
}

/// The repository whose token `authorization` ("Bearer TOKEN") carries; every token is compared.
std::string repository_of(std::string_view authorization,
                          const std::vector<TelemetryToken>& tokens) {
    constexpr std::string_view k_scheme = "Bearer ";
    if (authorization.size() <= k_scheme.size() ||
        !std::equal(k_scheme.begin(), k_scheme.end(), authorization.begin(), [](char a, char b) {
            return std::tolower(static_cast<unsigned char>(a)) ==
                   std::tolower(static_cast<unsigned char>(b));
        }))
        return {};
    auto const presented = authorization.substr(k_scheme.size());
    std::string repository;
    for (auto const& token : tokens)
        if (same_secret(presented, token.token) && repository.empty())
            repository = token.repository;
    return repository;
}

std::string lowercase_first_token(std::string_view content_type) {
    auto media = ascii_lowercase(content_type.substr(0, content_type.find(';')));
    while (!media.empty() && (media.back() == ' ' || media.back() == '\t'))
        media.pop_back();
    return media;
}

/// 200's body: empty, or partialSuccess with the refused count (an int64, written as proto3
/// JSON writes one: a string) and the first reason.
nlohmann::json export_response(OtlpSignal signal, const telemetry::LiveOutcome& outcome) {
    if (outcome.rejected == 0)
        return nlohmann::json::object();
    auto const count_name = signal == OtlpSignal::traces ? "rejectedSpans" : "rejectedLogRecords";
    return {{"partialSuccess",
             {{count_name, std::to_string(outcome.rejected)}, {"errorMessage", outcome.problem}}}};
}

} // namespace

Result<std::string> gunzip(std::string_view body, std::size_t max_bytes) {
    return inflate_bounded(body, Deflated::gzip, max_bytes, "the body");
}

std::optional<OtlpAnswer> refuse_unauthenticated(std::string_view authorization,
                                                 const std::vector<TelemetryToken>& tokens) {
    if (!repository_of(authorization, tokens).empty())
        return std::nullopt;
    return refuse(401, k_unauthenticated,
                  tokens.empty() ? "this server takes no live telemetry: give a repository "
                                   "server.repositories.<owner/name>.telemetry_token_env"
                                 : "send the repository's token as Authorization: Bearer TOKEN "
                                   "(the exporter's headers setting)");
}

OtlpAnswer receive_otlp(const OtlpRequest& request, const std::vector<TelemetryToken>& tokens,
                        std::size_t max_decoded, TelemetrySink& sink) {
    if (auto refused = refuse_unauthenticated(request.authorization, tokens))
        return std::move(*refused);
    auto const repository = repository_of(request.authorization, tokens);
    auto const media = lowercase_first_token(request.content_type);
    if (media == "application/x-protobuf")
        return refuse(415, k_invalid_argument,
                      "Medic takes OTLP/HTTP with JSON encoding: set the exporter's encoding to "
                      "json (Collector otlphttp: encoding: json; SDKs: "
                      "OTEL_EXPORTER_OTLP_PROTOCOL=http/json)");
    if (!is_json_media_type(media))
        return refuse(415, k_invalid_argument, "the body must be application/json (OTLP/JSON)");
    std::string inflated;
    auto body = request.body;
    auto const encoding = lowercase_first_token(request.content_encoding);
    // cpp-httplib built with zlib (Debian's) inflates a gzip body itself and leaves the header:
    // only a body that still starts with gzip's magic bytes is inflated here.
    if (encoding == "gzip" && body.starts_with("\x1f\x8b")) {
        auto decoded = gunzip(body, max_decoded);
        if (!decoded)
            return refuse(400, k_invalid_argument, decoded.error().message);
        inflated = std::move(*decoded);
        body = inflated;
    } else if (!encoding.empty() && encoding != "identity" && encoding != "gzip") {
        return refuse(415, k_invalid_argument, "the Content-Encoding is not gzip or identity");
    }
    auto outcome = sink.take(repository, request.signal, body);
    if (!outcome) {
        auto answer = refuse(503, 14 /* UNAVAILABLE */, outcome.error().message);
        answer.retry_after_seconds = 5;
        answer.repository = repository;
        return answer;
    }
    // A body that is no request, or one that breaks off (what came before the break is kept,
    // as ingest keeps it from a file).
    bool const broken = outcome->rejected == 0 && !outcome->problem.empty();
    if (!outcome->request || broken) {
        auto answer = refuse(400, k_invalid_argument,
                             "not a whole OTLP/JSON " + std::string(to_string(request.signal)) +
                                 " request: " + outcome->problem);
        answer.repository = repository;
        return answer;
    }
    OtlpAnswer answer;
    answer.body = export_response(request.signal, *outcome);
    answer.repository = repository;
    answer.outcome = std::move(*outcome);
    return answer;
}

} // namespace medic::serve
