#pragma once
// What POST /v1/traces and POST /v1/logs do with an OTLP/HTTP export, apart from the transport:
// the repository its bearer token stands for (compared in constant time), JSON encoding only
// (protobuf gets a 415 that says how to switch the exporter), gzip bodies inflated under a
// limit, and an answer as the OTLP/HTTP specification has it — 200 with an Export*ServiceResponse
// (partialSuccess when records were refused), 400 with a google.rpc.Status for a body that is no
// request, 503 with Retry-After when the data could not be kept (exporters retry those).

#include "analyzers/telemetry/live_telemetry.hpp"
#include "bot/model/result.hpp"

#include <cstddef>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace medic::serve {

/// Where authenticated telemetry goes: medic serve's live detection (live_detection.hpp).
class TelemetrySink {
public:
    virtual ~TelemetrySink() = default;
    /// Takes one decoded request of `signal` for `repository`; an error when it could not be
    /// kept (the exporter is asked to retry).
    virtual Result<telemetry::LiveOutcome>
    take(const std::string& repository, telemetry::OtlpSignal signal, std::string_view body) = 0;
    /// Per repository: what arrived, and what the last detection found (GET /api/telemetry).
    virtual nlohmann::json status() = 0;
};

/// A repository's bearer token for live telemetry.
struct TelemetryToken {
    std::string repository; ///< owner/name
    std::string token;
};

/// The parts of an export request that matter.
struct OtlpRequest {
    telemetry::OtlpSignal signal = telemetry::OtlpSignal::traces;
    std::string content_type;
    std::string content_encoding;
    std::string authorization;
    std::string_view body;
};

/// The HTTP answer: status, JSON body, and Retry-After seconds when set.
struct OtlpAnswer {
    int status = 200;
    nlohmann::json body = nlohmann::json::object();
    int retry_after_seconds = 0;
    std::string repository; ///< Whose telemetry it was, once the token said so.
    telemetry::LiveOutcome outcome;
};

/// The 401 for an export whose Authorization carries none of `tokens`; none when it does.
/// Checked before the body is read (the transport's pre-routing), and again by receive_otlp.
std::optional<OtlpAnswer> refuse_unauthenticated(std::string_view authorization,
                                                 const std::vector<TelemetryToken>& tokens);

/// Checks, decodes and hands one export to `sink`. `max_decoded` bounds an inflated body.
OtlpAnswer receive_otlp(const OtlpRequest& request, const std::vector<TelemetryToken>& tokens,
                        std::size_t max_decoded, TelemetrySink& sink);

/// `body` inflated from gzip, refused past `max_bytes`.
Result<std::string> gunzip(std::string_view body, std::size_t max_bytes);

} // namespace medic::serve
