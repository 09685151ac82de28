#pragma once
// What the format parsers hand to the aggregator: views into the current line, valid for
// one call only (the aggregator copies what it keeps).

#include "bot/model/telemetry.hpp"

#include <optional>
#include <string_view>

namespace medic::telemetry {

/// How a record's attributes are written.
enum class AttrsShape { none, json_object, otlp_key_values };

/// A call's other names (see HandlerNames), as views like the rest of the record.
struct NameViews {
    std::string_view span, route, rpc, topic, function;
};

/// One handler call: a Medic event, an OpenTelemetry span, or a benchmark repetition.
struct CallRecord {
    std::string_view handler;
    double duration_ms = 0;
    std::optional<std::int64_t> ts_ms;
    bool error = false;
    std::string_view error_message;
    std::string_view attrs;
    AttrsShape attrs_shape = AttrsShape::none;
    std::string_view sequence;  ///< Medic events: the sequence name.
    std::string_view run;       ///< Set when the call is a step of a sequence run.
    std::int64_t step = 0;      ///< 1-based position, 0 when unknown.
    std::int64_t order_key = 0; ///< Orders steps when `step` is 0 (start time).
    const CodeLocation* code = nullptr;
    const NameViews* names = nullptr; ///< Set by parsers that know more than the handler id.
    SampleSource source = SampleSource::events;
    /// Set by parsers that hand over a whole request at a time (OTLP): idle sequence runs are
    /// closed once the request is in (Aggregator::close_idle_runs), not at each of its steps,
    /// so runs of a late request that interleave are not cut apart.
    bool batched = false;
};

/// One structured or plain-text log line.
struct LogRecord {
    std::optional<std::int64_t> ts_ms;
    std::string_view level;
    std::string_view handler;
    std::string_view message;
};

/// True for levels that mean a failure (error, fatal, critical, ... in any case).
bool is_error_level(std::string_view level);

} // namespace medic::telemetry
