#include "analyzers/telemetry/otlp_logs_parser.hpp"

#include <array>
#include <charconv>
#include <optional>
#include <simdjson.h>

namespace medic::telemetry {
namespace {

using simdjson::dom::element;

/// The member spelled `camel` or `snake` (proto3 JSON allows both); none when absent or null.
std::optional<element> member(element object, std::string_view camel, std::string_view snake) {
    if (!object.is_object())
        return std::nullopt;
    for (auto const name : {camel, snake}) {
        auto found = object[name];
        if (found.error() == simdjson::SUCCESS && !found.value_unsafe().is_null())
            return found.value_unsafe();
    }
    return std::nullopt;
}

std::string_view text_of(std::optional<element> value) {
    std::string_view text;
    if (value && value->is_string())
        text = value->get_string().value_unsafe();
    return text;
}

/// A 64-bit integer written as a number or as a decimal string.
std::optional<std::int64_t> integer_of(std::optional<element> value) {
    if (!value)
        return std::nullopt;
    if (value->is_int64())
        return value->get_int64().value_unsafe();
    if (value->is_uint64())
        return std::nullopt; // past 2^63 ns: no time this reader can use
    auto const text = text_of(value);
    std::int64_t number = 0;
    auto const [end, error] = std::from_chars(text.data(), text.data() + text.size(), number);
    if (error != std::errc() || end != text.data() + text.size())
        return std::nullopt;
    return number;
}

/// The levels severityNumber ranges name: 1-4 trace ... 21-24 fatal.
constexpr std::array<std::string_view, 6> k_levels{"trace", "debug", "info",
                                                   "warn",  "error", "fatal"};

/// A SeverityNumber written as a number or as its enum name (SEVERITY_NUMBER_ERROR2).
int severity_number_of(std::optional<element> value) {
    if (auto const number = integer_of(value))
        return static_cast<int>(*number);
    auto name = text_of(value);
    if (!name.starts_with("SEVERITY_NUMBER_"))
        return 0;
    name.remove_prefix(std::string_view("SEVERITY_NUMBER_").size());
    int offset = 0;
    if (!name.empty() && name.back() >= '2' && name.back() <= '4') {
        offset = name.back() - '1';
        name.remove_suffix(1);
    }
    for (std::size_t i = 0; i < k_levels.size(); ++i) {
        std::string upper(k_levels[i]);
        for (auto& c : upper)
            c = static_cast<char>(c - 'a' + 'A');
        if (name == upper)
            return static_cast<int>(i) * 4 + 1 + offset;
    }
    return 0;
}

std::string_view level_of_number(int number) {
    if (number < 1 || number > 24)
        return {};
    return k_levels[static_cast<std::size_t>((number - 1) / 4)];
}

class Parser final : public OtlpLogsParser {
public:
    explicit Parser(Aggregator& aggregator) : m_aggregator(aggregator) {}

    OtlpLogsOutcome parse(std::string_view text) override {
        OtlpLogsOutcome outcome;
        element root;
        if (auto const error = m_parser.parse(text.data(), text.size()).get(root)) {
            outcome.problem = std::string("not a JSON document: ") + simdjson::error_message(error);
            return outcome;
        }
        auto const resources = member(root, "resourceLogs", "resource_logs");
        // proto3 JSON leaves an empty list out: `{}` is an export of nothing.
        if (!resources && root.is_object() && root.get_object().value_unsafe().size() == 0) {
            outcome.request = true;
            return outcome;
        }
        if (!resources) {
            outcome.problem = "no resourceLogs: not an OTLP logs request";
            return outcome;
        }
        outcome.request = true;
        if (!resources->is_array()) {
            outcome.problem = "resourceLogs is not an array";
            return outcome;
        }
        for (auto const resource : resources->get_array().value_unsafe())
            read_resource(resource, outcome);
        return outcome;
    }

private:
    void read_resource(element resource, OtlpLogsOutcome& outcome) {
        auto const scopes = member(resource, "scopeLogs", "scope_logs");
        if (!scopes || !scopes->is_array())
            return;
        for (auto const scope : scopes->get_array().value_unsafe()) {
            auto const records = member(scope, "logRecords", "log_records");
            if (!records || !records->is_array())
                continue;
            for (auto const record : records->get_array().value_unsafe())
                read_record(record, outcome);
        }
    }

    void read_record(element record, OtlpLogsOutcome& outcome) {
        if (!record.is_object()) {
            ++outcome.skipped;
            if (outcome.problem.empty())
                outcome.problem = "a log record that is not an object";
            return;
        }
        LogRecord log;
        auto ts = integer_of(member(record, "timeUnixNano", "time_unix_nano")).value_or(0);
        if (ts <= 0)
            ts = integer_of(member(record, "observedTimeUnixNano", "observed_time_unix_nano"))
                     .value_or(0);
        if (ts > 0)
            log.ts_ms = ts / 1'000'000;
        int const number = severity_number_of(member(record, "severityNumber", "severity_number"));
        auto const severity_text = text_of(member(record, "severityText", "severity_text"));
        // Either one saying "error" makes it one: a custom text ("E") beside number 17 counts.
        log.level = number >= 17 || severity_text.empty() ? level_of_number(number) : severity_text;
        log.handler = handler_of(member(record, "attributes", "attributes"));
        log.message = message_of(member(record, "body", "body"));
        m_aggregator.add_log(log);
        ++outcome.records;
    }

    /// The function the code.* attributes name ("ns::function" from the older pair), or a
    /// `handler` attribute (as Medic's JSON logs name it).
    std::string_view handler_of(std::optional<element> attributes) {
        std::string_view function, code_namespace, handler;
        if (!attributes || !attributes->is_array())
            return {};
        for (auto const attribute : attributes->get_array().value_unsafe()) {
            auto const key = text_of(member(attribute, "key", "key"));
            auto const value = member(attribute, "value", "value");
            auto const text =
                value ? text_of(member(*value, "stringValue", "string_value")) : std::string_view();
            if (key == "code.function.name" || (key == "code.function" && function.empty()))
                function = text;
            else if (key == "code.namespace")
                code_namespace = text;
            else if (key == "handler")
                handler = text;
        }
        if (function.empty())
            return handler;
        if (code_namespace.empty() || function.find("::") != std::string_view::npos)
            return function;
        m_handler.assign(code_namespace).append("::").append(function);
        return m_handler;
    }

    /// The body's text; a body of another kind (a map, a number) as its JSON.
    std::string_view message_of(std::optional<element> body) {
        if (!body)
            return {};
        if (auto const text = member(*body, "stringValue", "string_value"))
            return text_of(text);
        m_message = simdjson::minify(*body);
        return m_message;
    }

    Aggregator& m_aggregator;
    simdjson::dom::parser m_parser;
    std::string m_handler, m_message;
};

} // namespace

std::unique_ptr<OtlpLogsParser> make_otlp_logs_parser(Aggregator& aggregator) {
    return std::make_unique<Parser>(aggregator);
}

bool mentions_otlp_logs(std::string_view text) {
    return text.find("\"resourceLogs\"") != std::string_view::npos ||
           text.find("\"resource_logs\"") != std::string_view::npos;
}

} // namespace medic::telemetry
