#include "analyzers/telemetry/otlp_parser.hpp"

#include <charconv>
#include <set>

namespace medic::telemetry {

using simdjson::dom::element;

/// What Medic reads from one span.
struct OtlpParser::Span {
    std::string_view trace_id, span_id, parent_id, name, status_message;
    std::string attributes; ///< The raw `attributes` array, kept for example inputs.
    std::int64_t start_ns = 0, end_ns = 0;
    bool error = false;
    CodeLocation code;
    bool has_code = false;
    std::string function_name, code_namespace;
};

namespace {

/// OTLP/JSON writes 64-bit integers as strings ("1700000000000000000"), some exporters as numbers.
std::optional<std::int64_t> read_int64(element value) {
    std::int64_t number = 0;
    if (value.get_int64().get(number) == simdjson::SUCCESS)
        return number;
    std::uint64_t unsigned_number = 0;
    if (value.get_uint64().get(unsigned_number) == simdjson::SUCCESS)
        return static_cast<std::int64_t>(unsigned_number);
    std::string_view text;
    if (value.get_string().get(text) != simdjson::SUCCESS)
        return std::nullopt;
    auto const [end, ec] = std::from_chars(text.data(), text.data() + text.size(), number);
    return ec == std::errc{} && end == text.data() + text.size() ? std::optional(number)
                                                                 : std::nullopt;
}

std::string_view string_or_empty(element object, const char* key) {
    std::string_view text;
    return object[key].get_string().get(text) == simdjson::SUCCESS ? text : std::string_view{};
}

/// Reads the OpenTelemetry `code.*` semantic-convention attributes (old and new names).
void read_code_attribute(std::string_view key, element value, OtlpParser::Span& span) {
    std::string_view text = string_or_empty(value, "stringValue");
    if (key == "code.function.name") {
        span.function_name = text;
    } else if (key == "code.function") {
        if (span.function_name.empty())
            span.function_name = text;
    } else if (key == "code.namespace") {
        span.code_namespace = text;
    } else if (key == "code.filepath" || key == "code.file.path") {
        span.code.filepath = text;
    } else if (key == "code.lineno" || key == "code.line.number") {
        span.code.lineno = read_int64(value["intValue"]).value_or(0);
    } else {
        return;
    }
    span.has_code = true;
}
} // namespace

std::optional<std::string> OtlpParser::read_span(element json, Span& span) {
    span.trace_id = string_or_empty(json, "traceId");
    span.span_id = string_or_empty(json, "spanId");
    span.parent_id = string_or_empty(json, "parentSpanId");
    span.name = string_or_empty(json, "name");
    auto const start = read_int64(json["startTimeUnixNano"]);
    auto const end = read_int64(json["endTimeUnixNano"]);
    if (!start || !end || *end < *start)
        return "span '" + std::string(span.name) + "' has no valid start/end time";
    span.start_ns = *start;
    span.end_ns = *end;
    simdjson::dom::array attributes;
    if (json["attributes"].get_array().get(attributes) == simdjson::SUCCESS) {
        span.attributes = simdjson::minify(attributes);
        for (element attribute : attributes)
            read_code_attribute(string_or_empty(attribute, "key"), attribute["value"], span);
    }
    if (!span.code_namespace.empty() && !span.function_name.empty() &&
        span.function_name.find("::") == std::string::npos)
        span.function_name = span.code_namespace + "::" + span.function_name;
    span.code.function = span.function_name;
    element status;
    if (json["status"].get(status) == simdjson::SUCCESS) {
        auto const code = read_int64(status["code"]);
        span.error = (code && *code == 2) || string_or_empty(status, "code") == "STATUS_CODE_ERROR";
        span.status_message = string_or_empty(status, "message");
    }
    return std::nullopt;
}

void OtlpParser::emit(std::vector<Span>& spans, Outcome& outcome) {
    std::set<std::pair<std::string_view, std::string_view>> parents;
    for (auto const& span : spans)
        if (!span.parent_id.empty())
            parents.emplace(span.trace_id, span.parent_id);
    std::string run;
    for (auto& span : spans) {
        run.assign(span.trace_id).append(":").append(span.span_id);
        // A span without code.* that has children (in this request, or in earlier ones whose
        // run is still open: exporters often write parents last) is a sequence envelope.
        bool const is_parent =
            parents.contains({span.trace_id, span.span_id}) || m_aggregator.is_run_open(run);
        if (is_parent && !span.has_code)
            continue;
        CallRecord call;
        call.handler =
            span.function_name.empty() ? span.name : std::string_view(span.function_name);
        call.duration_ms = static_cast<double>(span.end_ns - span.start_ns) / 1e6;
        call.ts_ms = span.start_ns / 1'000'000;
        call.error = span.error;
        call.error_message = span.status_message;
        call.code = span.has_code ? &span.code : nullptr;
        call.attrs = span.attributes;
        call.attrs_shape = span.attributes.empty() ? AttrsShape::none : AttrsShape::otlp_key_values;
        if (!span.parent_id.empty()) {
            run.assign(span.trace_id).append(":").append(span.parent_id);
            call.run = run;
            call.order_key = span.start_ns;
        }
        if (auto problem = m_aggregator.add_call(call)) {
            ++outcome.skipped;
            if (outcome.problem.empty())
                outcome.problem = "span '" + std::string(span.name) + "': " + *problem;
        } else {
            ++outcome.spans;
        }
    }
    for (auto const& span : spans) {
        run.assign(span.trace_id).append(":").append(span.span_id);
        if (m_aggregator.is_run_open(run))
            m_aggregator.name_run(run, span.name);
    }
}

OtlpParser::Outcome OtlpParser::parse(std::string_view text) {
    // The DOM parser copies the text into its own padded buffer.
    Outcome outcome;
    element root;
    if (auto e = m_parser.parse(text.data(), text.size(), true).get(root)) {
        outcome.problem = simdjson::error_message(e);
        return outcome;
    }
    simdjson::dom::array resource_spans;
    if (root["resourceSpans"].get_array().get(resource_spans) != simdjson::SUCCESS) {
        outcome.problem = "no 'resourceSpans' array";
        return outcome;
    }
    std::vector<Span> spans;
    for (element resource : resource_spans) {
        simdjson::dom::array scopes;
        if (resource["scopeSpans"].get_array().get(scopes) != simdjson::SUCCESS)
            continue;
        for (element scope : scopes) {
            simdjson::dom::array scope_spans;
            if (scope["spans"].get_array().get(scope_spans) != simdjson::SUCCESS)
                continue;
            for (element json : scope_spans) {
                Span span;
                if (auto problem = read_span(json, span)) {
                    ++outcome.skipped;
                    if (outcome.problem.empty())
                        outcome.problem = std::move(*problem);
                    continue;
                }
                spans.push_back(std::move(span));
            }
        }
    }
    emit(spans, outcome);
    return outcome;
}

} // namespace medic::telemetry
