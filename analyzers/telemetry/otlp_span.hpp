#pragma once
// What Medic reads from one OpenTelemetry span, and how spans become handler calls and sequence
// runs. Independent of how the JSON was parsed (otlp_parser_kernel.cpp reads it, once per SIMD
// kernel; this part is compiled once).

#include "analyzers/telemetry/aggregator.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace medic::telemetry {

/// OTLP's span kinds (proto enum SpanKind); UNSPECIFIED when a producer omits it.
enum class SpanKind : int { unspecified = 0, internal, server, client, producer, consumer };

/// One span's fields, as views into the request being parsed (valid while it is).
struct OtlpSpan {
    std::string_view trace_id, span_id, parent_id, name;
    std::optional<std::int64_t> start_ns, end_ns;
    SpanKind kind = SpanKind::unspecified;
    int status_code = 0; ///< 0 unset, 1 ok, 2 error.
    std::string_view status_message;
    std::string_view exception_message; ///< From an `exception` event, when one was recorded.
    std::string_view attributes;        ///< The raw `attributes` array, for example inputs.
    // Semantic-convention attributes (current and older names).
    std::string_view http_route, http_method, rpc_service, rpc_method, topic;
    std::string_view function, code_namespace, filepath;
    std::int64_t lineno = 0;
    bool not_an_object = false; ///< The element of `spans` was a number, string, array or null.

    /// True when the span carries OpenTelemetry's code.* attributes.
    [[nodiscard]] bool has_code() const { return !function.empty() || !filepath.empty(); }
};

/// What one OTLP request yielded.
struct OtlpOutcome {
    std::size_t spans = 0;     ///< Taken in as handler calls.
    std::size_t skipped = 0;   ///< Unusable spans (counted as malformed, with `problem`).
    std::size_t outgoing = 0;  ///< CLIENT and PRODUCER spans: calls out, not handler calls.
    std::size_t envelopes = 0; ///< Parents that only name a sequence run.
    std::string problem;       ///< The first reason a span or the request was unusable.
    bool request = false;      ///< It has a resourceSpans member: a request, even an empty one.

    /// Counts one unusable span; the first reason is kept.
    void skip(std::string reason);
};

/// Turns one request's spans into handler calls and sequence runs. Reuses its buffers, so one
/// emitter serves a whole input.
class OtlpEmitter {
public:
    explicit OtlpEmitter(Aggregator& aggregator) : m_aggregator(aggregator) {}

    /// Feeds `spans` (one request) to the aggregator and accounts for them in `outcome`.
    void emit(const std::vector<OtlpSpan>& spans, OtlpOutcome& outcome);

private:
    /// The span's names (route, RPC, function, ...); views into this emitter's buffers.
    NameViews names_of(const OtlpSpan& span);
    [[nodiscard]] bool has_children(const OtlpSpan& span);
    void take(const OtlpSpan& span, OtlpOutcome& outcome);

    Aggregator& m_aggregator;
    std::string m_route, m_rpc, m_function, m_run;
    CodeLocation m_code;
    std::vector<std::pair<std::string_view, std::string_view>> m_parents; ///< (trace, span), sorted
    /// Every span of the request: ((trace, span), name), sorted.
    std::vector<std::pair<std::pair<std::string_view, std::string_view>, std::string_view>>
        m_spans_here;
};

/// The id a handler is known by: its route, else its RPC, its function, its span name.
std::string_view handler_id(const NameViews& names);

} // namespace medic::telemetry
