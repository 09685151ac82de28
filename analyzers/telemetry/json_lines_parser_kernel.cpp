// Compiled once per simdjson kernel (see CMakeLists.txt): MEDIC_SIMD_KERNEL names the namespace,
// and the compiler flags of that build pick simdjson's On-Demand implementation.
#include "analyzers/telemetry/json_lines_parser.hpp"
#include "bot/model/text.hpp"
#include "bot/model/time.hpp"

#include <cmath>
#include <simdjson.h>

namespace medic::telemetry::MEDIC_SIMD_KERNEL {

using simdjson::ondemand::object;
using simdjson::ondemand::value;

/// The members of one line that Medic reads; views into the parser's buffers.
struct Fields {
    std::optional<std::string_view> handler, ts, status, error, sequence, run, attrs, level,
        message;
    std::optional<double> duration_ms;
    std::int64_t step = 0;
};

namespace {

std::string describe(simdjson::error_code code) {
    return simdjson::error_message(code);
}

/// A string member, or a number written where a string was expected (run ids often are).
simdjson::error_code read_text(value& v, std::string_view& out) {
    if (v.get_string().get(out) == simdjson::SUCCESS)
        return simdjson::SUCCESS;
    simdjson::ondemand::json_type type{};
    if (auto e = v.type().get(type))
        return e;
    if (type != simdjson::ondemand::json_type::number)
        return simdjson::INCORRECT_TYPE;
    out = v.raw_json_token();
    while (!out.empty() && std::isspace(static_cast<unsigned char>(out.back())))
        out.remove_suffix(1);
    return simdjson::SUCCESS;
}

/// One kernel's parser: an event (`handler` + `duration_ms`) or a log (`level`/`message`).
class KernelParser final : public JsonLinesParser {
public:
    explicit KernelParser(Aggregator& aggregator) : m_aggregator(aggregator) {}
    std::optional<std::string> parse(const Line& line) override;

private:
    std::optional<std::string> read_fields(object& members, Fields& fields);

    Aggregator& m_aggregator;
    simdjson::ondemand::parser m_parser;
};

/// Reads a string member into `out`; a reason when it is not a string.
inline std::optional<std::string> read_string_field(value& v, std::optional<std::string_view>& out,
                                                    const char* name) {
    std::string_view text;
    if (read_text(v, text) != simdjson::SUCCESS)
        return std::string("'") + name + "' is not a string";
    out = text;
    return std::nullopt;
}

/// Dispatches one member by name; the first character narrows the comparisons (hot path).
std::optional<std::string> read_member(const simdjson::ondemand::raw_json_string& key, value& v,
                                       Fields& f) {
    // A null member is an absent one (`"error": null` is how many loggers write "no error").
    if (bool null = false; v.is_null().get(null) == simdjson::SUCCESS && null)
        return std::nullopt;
    switch (*key.raw()) {
    case 'h':
        if (key == "handler")
            return read_string_field(v, f.handler, "handler");
        break;
    case 'd':
        if (key == "duration_ms") {
            double number = 0;
            if (v.get_double().get(number) != simdjson::SUCCESS)
                return "'duration_ms' is not a number";
            f.duration_ms = number;
        }
        break;
    case 't':
        if (key == "ts" || key == "timestamp" || key == "time")
            return read_string_field(v, f.ts, "ts");
        break;
    case 's':
        if (key == "status")
            return read_string_field(v, f.status, "status");
        if (key == "sequence")
            return read_string_field(v, f.sequence, "sequence");
        if (key == "severity")
            return read_string_field(v, f.level, "level");
        if (key == "step" && (v.get_int64().get(f.step) != simdjson::SUCCESS || f.step < 0))
            return "'step' is not a non-negative whole number";
        break;
    case 'e':
        if (key == "error")
            return read_string_field(v, f.error, "error");
        break;
    case 'r':
        if (key == "run")
            return read_string_field(v, f.run, "run");
        break;
    case 'a':
        if (key == "attrs") {
            object attrs;
            std::string_view text;
            if (v.get_object().get(attrs) != simdjson::SUCCESS ||
                attrs.raw_json().get(text) != simdjson::SUCCESS)
                return "'attrs' is not an object";
            f.attrs = text;
        }
        break;
    case 'l':
        if (key == "level")
            return read_string_field(v, f.level, "level");
        break;
    case 'm':
        if (key == "message" || key == "msg")
            return read_string_field(v, f.message, "message");
        break;
    default:
        break;
    }
    return std::nullopt;
}

std::optional<std::string> KernelParser::read_fields(object& members, Fields& f) {
    for (auto member : members) {
        simdjson::ondemand::field field;
        if (auto e = std::move(member).get(field))
            return describe(e);
        value v = field.value();
        if (auto problem = read_member(field.key(), v, f))
            return problem;
    }
    return std::nullopt;
}

std::optional<std::string> KernelParser::parse(const Line& line) {
    simdjson::ondemand::document doc;
    if (auto e = m_parser.iterate(line.text.data(), line.text.size(), line.readable).get(doc))
        return describe(e);
    object members;
    if (doc.get_object().get(members) != simdjson::SUCCESS)
        return "not a JSON object";
    Fields f;
    if (auto problem = read_fields(members, f))
        return problem;
    // In bounds after the object means more tokens follow it.
    if (doc.current_location().error() == simdjson::SUCCESS)
        return "unexpected characters after the JSON object";
    std::optional<std::int64_t> ts_ms;
    if (f.ts) {
        ts_ms = parse_rfc3339_ms(*f.ts);
        if (!ts_ms)
            return "'ts' is not an RFC 3339 timestamp: " + utf8_prefix(*f.ts, 40);
    }
    if (f.duration_ms) {
        if (!f.handler || f.handler->empty())
            return "event has 'duration_ms' but no 'handler'";
        CallRecord call;
        call.handler = *f.handler;
        call.duration_ms = *f.duration_ms;
        call.ts_ms = ts_ms;
        call.error = f.status && (*f.status == "error" || *f.status == "ERROR");
        call.error_message = f.error.value_or(std::string_view{});
        if (f.attrs) {
            call.attrs = *f.attrs;
            call.attrs_shape = AttrsShape::json_object;
        }
        call.sequence = f.sequence.value_or(std::string_view{});
        call.run = f.run.value_or(std::string_view{});
        call.step = f.step;
        call.order_key = ts_ms.value_or(0);
        return m_aggregator.add_call(call);
    }
    if (f.level || f.message) {
        m_aggregator.add_log({ts_ms, f.level.value_or(std::string_view{}),
                              f.handler.value_or(std::string_view{}),
                              f.message.value_or(std::string_view{})});
        return std::nullopt;
    }
    return "neither an event (handler, duration_ms) nor a log line (level, message)";
}

} // namespace

std::unique_ptr<JsonLinesParser> make_parser(Aggregator& aggregator) {
    return std::make_unique<KernelParser>(aggregator);
}

std::string_view kernel_name() {
    return simdjson::builtin_implementation()->name();
}

} // namespace medic::telemetry::MEDIC_SIMD_KERNEL
