// Compiled once per simdjson kernel (see CMakeLists.txt), like json_lines_parser_kernel.cpp.
// Reads OTLP/JSON with On-Demand, members in any order, under either spelling proto3 allows
// ("startTimeUnixNano" or "start_time_unix_nano"); anything of an unexpected type is read as
// absent, as proto3 reads an omitted default. Only a break in the JSON itself ends a request.
#include "analyzers/telemetry/otlp_parser.hpp"

#include <array>
#include <charconv>
#include <cmath>
#include <simdjson.h>

namespace medic::telemetry::MEDIC_SIMD_KERNEL {

using simdjson::error_code;
using simdjson::SUCCESS;
using simdjson::ondemand::json_type;
using simdjson::ondemand::raw_json_string;
using simdjson::ondemand::value;

namespace {

/// Type mismatches are read as "absent"; anything else means the JSON itself is broken.
bool is_type_error(error_code e) {
    return e == simdjson::INCORRECT_TYPE || e == simdjson::NUMBER_ERROR ||
           e == simdjson::NUMBER_OUT_OF_RANGE;
}

error_code tolerate(error_code e) {
    return is_type_error(e) ? SUCCESS : e;
}

/// Calls `read(key, value)` for each member of the object `v`; a value that is no object (null
/// included) has no members.
template <typename Read>
error_code for_each_member(value& v, Read&& read) {
    simdjson::ondemand::object object;
    if (auto e = v.get_object().get(object))
        return tolerate(e);
    for (auto member : object) {
        simdjson::ondemand::field field;
        if (auto e = std::move(member).get(field))
            return e;
        value inner = field.value();
        if (auto e = read(field.key(), inner))
            return e;
    }
    return SUCCESS;
}

/// Calls `read(element)` for each element of the array `v`; a value that is no array has none.
template <typename Read>
error_code for_each_element(value& v, Read&& read) {
    simdjson::ondemand::array list;
    if (auto e = v.get_array().get(list))
        return tolerate(e);
    for (auto element : list) {
        value item;
        if (auto e = element.get(item))
            return e;
        if (auto e = read(item))
            return e;
    }
    return SUCCESS;
}

/// A member name in either proto3 spelling: lowerCamelCase or the .proto field name.
bool is(const raw_json_string& key, std::string_view camel, std::string_view snake = {}) {
    return key == camel || (!snake.empty() && key == snake);
}

/// A string, or nothing when the value is of another type (null included).
error_code read_text(value& v, std::string_view& out) {
    return tolerate(v.get_string().get(out));
}

/// A string token's text between its quotes, as written (no unescaping); nullopt for a token
/// that is no string.
std::optional<std::string_view> quoted(std::string_view token) {
    while (!token.empty() && (token.back() == ' ' || token.back() == '\n' || token.back() == '\t' ||
                              token.back() == '\r'))
        token.remove_suffix(1);
    if (token.size() < 2 || token.front() != '"' || token.back() != '"')
        return std::nullopt;
    return token.substr(1, token.size() - 2);
}

/// A string compared only as written (hex ids, attribute keys): a view of the input, not copied.
/// Ids and keys hold no escapes; one that does is simply compared with its escapes.
error_code read_plain_text(value& v, std::string_view& out) {
    if (auto const text = quoted(v.raw_json_token()))
        out = *text;
    return SUCCESS;
}

/// An int64 written as a number, a decimal string, or an integral double (1e18); nothing else.
error_code read_int64(value& v, std::optional<std::int64_t>& out) {
    auto token = v.raw_json_token();
    auto const text = quoted(token);
    if (text)
        token = *text;
    std::int64_t number = 0;
    auto const [end, ec] = std::from_chars(token.data(), token.data() + token.size(), number);
    auto const rest = token.substr(static_cast<std::size_t>(end - token.data()));
    bool const whole = rest.empty() || rest.front() == ' ' || rest.front() == '\n' ||
                       rest.front() == '\t' || rest.front() == '\r';
    if (ec == std::errc{} && whole) {
        out = number;
        return SUCCESS;
    }
    double real = 0; // 1.5e18 or 1e3 as integers, or a JavaScript number out of range
    if (auto e = v.get_double().get(real))
        return tolerate(e);
    if (std::isfinite(real) && real == std::floor(real) && std::fabs(real) < 9.2e18)
        out = static_cast<std::int64_t>(real);
    return SUCCESS;
}

/// An enum as its number or its name ("STATUS_CODE_ERROR"): `names[i]` is value i.
template <std::size_t N>
error_code read_enum(value& v, int& out, const std::array<std::string_view, N>& names) {
    if (quoted(v.raw_json_token())) {
        std::string_view text;
        if (auto e = v.get_string().get(text))
            return tolerate(e);
        for (std::size_t i = 0; i < N; ++i)
            if (text == names[i])
                out = static_cast<int>(i);
        return SUCCESS;
    }
    std::optional<std::int64_t> number;
    if (auto e = read_int64(v, number))
        return e;
    if (number && *number >= 0 && *number < static_cast<std::int64_t>(N))
        out = static_cast<int>(*number);
    return SUCCESS;
}

constexpr std::array<std::string_view, 6> k_kind_names{
    "SPAN_KIND_UNSPECIFIED", "SPAN_KIND_INTERNAL", "SPAN_KIND_SERVER",
    "SPAN_KIND_CLIENT",      "SPAN_KIND_PRODUCER", "SPAN_KIND_CONSUMER"};
constexpr std::array<std::string_view, 3> k_status_names{"STATUS_CODE_UNSET", "STATUS_CODE_OK",
                                                         "STATUS_CODE_ERROR"};

/// The scalar parts of an AnyValue Medic reads: a string or an integer.
struct AnyScalar {
    std::string_view text;
    std::optional<std::int64_t> integer;
};

error_code read_any(value& v, AnyScalar& out) {
    return for_each_member(v, [&out](const raw_json_string& key, value& inner) {
        if (is(key, "stringValue", "string_value"))
            return read_text(inner, out.text);
        if (is(key, "intValue", "int_value"))
            return read_int64(inner, out.integer);
        return SUCCESS;
    });
}

/// A semantic-convention attribute Medic reads, and the span field it fills (current and older
/// names; an older one only fills a field the current one left empty). No field: code line.
struct SemanticKey {
    std::string_view key;
    std::string_view OtlpSpan::* field = nullptr;
    bool older_name = false;
};

constexpr SemanticKey k_semantic_keys[] = {
    {"code.function.name", &OtlpSpan::function},
    {"code.function", &OtlpSpan::function, true},
    {"code.namespace", &OtlpSpan::code_namespace},
    {"code.file.path", &OtlpSpan::filepath},
    {"code.filepath", &OtlpSpan::filepath},
    {"code.line.number", nullptr},
    {"code.lineno", nullptr},
    {"http.route", &OtlpSpan::http_route},
    {"http.request.method", &OtlpSpan::http_method},
    {"http.method", &OtlpSpan::http_method, true},
    {"rpc.service", &OtlpSpan::rpc_service},
    {"rpc.method", &OtlpSpan::rpc_method},
    {"messaging.destination.name", &OtlpSpan::topic},
    {"messaging.destination", &OtlpSpan::topic, true},
    {"exception.message", &OtlpSpan::exception_message, true}};

const SemanticKey* semantic_of(std::string_view key) {
    if (key.empty() ||
        (key[0] != 'c' && key[0] != 'h' && key[0] != 'r' && key[0] != 'm' && key[0] != 'e'))
        return nullptr; // the hot path: most attributes are none of these
    for (auto const& semantic : k_semantic_keys)
        if (key == semantic.key)
            return &semantic;
    return nullptr;
}

void assign(const SemanticKey& semantic, const AnyScalar& any, OtlpSpan& span) {
    if (semantic.field == nullptr) {
        span.lineno = any.integer.value_or(0);
        return;
    }
    auto& field = span.*semantic.field;
    if (!semantic.older_name || field.empty())
        field = any.text;
}

/// Reads a KeyValue list into `span`'s semantic attributes. Values of other keys are skipped
/// unread when the key comes first (as every SDK writes it); members may come in any order.
error_code read_key_values(value& v, OtlpSpan& span) {
    return for_each_element(v, [&span](value& pair) {
        const SemanticKey* semantic = nullptr;
        bool have_key = false, have_value = false;
        AnyScalar any;
        auto e = for_each_member(pair, [&](const raw_json_string& key, value& inner) {
            if (key == "key") {
                std::string_view name;
                auto read = read_plain_text(inner, name);
                semantic = semantic_of(name);
                have_key = true;
                return read;
            }
            if (key != "value" || (have_key && semantic == nullptr))
                return SUCCESS;
            have_value = true;
            return read_any(inner, any);
        });
        if (!e && semantic != nullptr && have_value)
            assign(*semantic, any, span);
        return e;
    });
}

/// One request's reader: the spans of every resource and scope, as views into the text.
class RequestReader {
public:
    explicit RequestReader(simdjson::ondemand::document& document, std::string_view text)
        : m_document(document), m_text(text) {}

    error_code read(std::vector<OtlpSpan>& spans);
    /// Whether the text is an object with a resourceSpans member (known once read() began it).
    [[nodiscard]] bool is_request() const { return m_is_request; }

private:
    error_code read_span(value& v, OtlpSpan& span);
    error_code read_span_member(const raw_json_string& key, value& v, OtlpSpan& span);
    error_code read_attributes(value& v, OtlpSpan& span);
    error_code read_events(value& v, OtlpSpan& span);
    error_code read_status(value& v, OtlpSpan& span);
    /// For each element of the array member named `camel`/`snake` of `v`, calls `each`.
    template <typename Each>
    error_code for_each_in(value& v, std::string_view camel, std::string_view snake, Each&& each,
                           std::string_view legacy_camel = {}, std::string_view legacy_snake = {});

    simdjson::ondemand::document& m_document;
    std::string_view m_text;
    bool m_is_request = false;
};

template <typename Each>
error_code RequestReader::for_each_in(value& v, std::string_view camel, std::string_view snake,
                                      Each&& each, std::string_view legacy_camel,
                                      std::string_view legacy_snake) {
    return for_each_member(v, [&](const raw_json_string& key, value& inner) {
        bool const wanted =
            is(key, camel, snake) || (!legacy_camel.empty() && is(key, legacy_camel, legacy_snake));
        return wanted ? for_each_element(inner, each) : SUCCESS;
    });
}

error_code RequestReader::read(std::vector<OtlpSpan>& spans) {
    value root;
    if (auto e = m_document.get_value().get(root))
        return e;
    // resourceSpans[].scopeSpans[].spans[] (instrumentationLibrarySpans before OTLP 0.19).
    return for_each_member(root, [&](const raw_json_string& key, value& resources) {
        if (!is(key, "resourceSpans", "resource_spans"))
            return SUCCESS;
        m_is_request = true;
        return for_each_element(resources, [&](value& resource) {
            return for_each_in(
                resource, "scopeSpans", "scope_spans",
                [&](value& scope) {
                    return for_each_in(scope, "spans", "spans", [&](value& json) {
                        auto& span = spans.emplace_back();
                        return read_span(json, span);
                    });
                },
                "instrumentationLibrarySpans", "instrumentation_library_spans");
        });
    });
}

error_code RequestReader::read_span(value& v, OtlpSpan& span) {
    if (auto const token = v.raw_json_token(); token.empty() || token.front() != '{') {
        span.not_an_object = true; // a number, string, array or null where a span should be
        return SUCCESS;
    }
    return for_each_member(v, [this, &span](const raw_json_string& key, value& inner) {
        return read_span_member(key, inner, span);
    });
}

error_code RequestReader::read_span_member(const raw_json_string& key, value& v, OtlpSpan& span) {
    switch (*key.raw()) { // the first character narrows the comparisons (hot path)
    case 't':
        return is(key, "traceId", "trace_id") ? read_plain_text(v, span.trace_id) : SUCCESS;
    case 's':
        if (is(key, "spanId", "span_id"))
            return read_plain_text(v, span.span_id);
        if (is(key, "startTimeUnixNano", "start_time_unix_nano"))
            return read_int64(v, span.start_ns);
        return is(key, "status") ? read_status(v, span) : SUCCESS;
    case 'p':
        return is(key, "parentSpanId", "parent_span_id") ? read_plain_text(v, span.parent_id)
                                                         : SUCCESS;
    case 'n':
        return is(key, "name") ? read_text(v, span.name) : SUCCESS;
    case 'e':
        if (is(key, "endTimeUnixNano", "end_time_unix_nano"))
            return read_int64(v, span.end_ns);
        return is(key, "events") ? read_events(v, span) : SUCCESS;
    case 'k':
        if (is(key, "kind")) {
            int kind = 0;
            auto e = read_enum(v, kind, k_kind_names);
            span.kind = static_cast<SpanKind>(kind);
            return e;
        }
        return SUCCESS;
    case 'a':
        return is(key, "attributes") ? read_attributes(v, span) : SUCCESS;
    default:
        return SUCCESS; // links, flags, traceState, dropped counts, unknown members: skipped
    }
}

error_code RequestReader::read_status(value& v, OtlpSpan& span) {
    // null, absent or {}: UNSET
    return for_each_member(v, [&span](const raw_json_string& key, value& inner) {
        if (is(key, "code"))
            return read_enum(inner, span.status_code, k_status_names);
        if (is(key, "message"))
            return read_text(inner, span.status_message);
        return SUCCESS;
    });
}

error_code RequestReader::read_attributes(value& v, OtlpSpan& span) {
    // The raw array is kept for example inputs: from its first token to where reading stopped.
    std::string_view const first = v.raw_json_token();
    auto e = read_key_values(v, span);
    if (e || first.empty() || first.front() != '[')
        return e;
    char const* end = m_text.data() + m_text.size();
    if (char const* at = nullptr; m_document.current_location().get(at) == SUCCESS)
        end = at;
    std::string_view raw(first.data(), static_cast<std::size_t>(end - first.data()));
    while (!raw.empty() && raw.back() != ']')
        raw.remove_suffix(1);
    span.attributes = raw;
    return SUCCESS;
}

error_code RequestReader::read_events(value& v, OtlpSpan& span) {
    return for_each_element(v, [&span](value& event) {
        // recordException() writes an "exception" event; its message explains an error status.
        std::string_view name;
        OtlpSpan event_attributes;
        auto e = for_each_member(event, [&](const raw_json_string& key, value& inner) {
            if (is(key, "name"))
                return read_text(inner, name);
            return is(key, "attributes") ? read_key_values(inner, event_attributes) : SUCCESS;
        });
        if (name == "exception" && span.exception_message.empty())
            span.exception_message = event_attributes.exception_message;
        return e;
    });
}

class KernelParser final : public OtlpParser {
public:
    explicit KernelParser(Aggregator& aggregator) : m_emitter(aggregator) {}

    OtlpOutcome parse(std::string_view text, std::size_t readable) override {
        OtlpOutcome outcome;
        m_spans.clear();
        simdjson::ondemand::document document;
        if (auto e = m_parser.iterate(text.data(), text.size(), readable).get(document)) {
            // A line cut inside a string fails before reading starts: read it up to its last
            // complete object instead, so the spans before the cut are kept.
            auto const last = text.rfind('}');
            if (e != simdjson::UNCLOSED_STRING || last == std::string_view::npos ||
                m_parser.iterate(text.data(), last + 1, readable).get(document) != SUCCESS) {
                outcome.problem = simdjson::error_message(e);
                return outcome;
            }
        }
        RequestReader reader(document, text);
        auto const e = reader.read(m_spans);
        outcome.request = reader.is_request();
        if (e && m_spans.empty()) {
            outcome.problem = simdjson::error_message(e);
            return outcome;
        }
        if (e) // keep what was read before the break, and say where it broke
            m_spans.pop_back();
        m_emitter.emit(m_spans, outcome);
        if (e)
            outcome.problem = "the JSON breaks off after " + std::to_string(m_spans.size()) +
                              " span(s): " + simdjson::error_message(e);
        return outcome;
    }

private:
    simdjson::ondemand::parser m_parser;
    OtlpEmitter m_emitter;
    std::vector<OtlpSpan> m_spans;
};

} // namespace

std::unique_ptr<OtlpParser> make_otlp(Aggregator& aggregator) {
    return std::make_unique<KernelParser>(aggregator);
}

} // namespace medic::telemetry::MEDIC_SIMD_KERNEL
