#include "analyzers/telemetry/otlp_span.hpp"

#include "bot/model/text.hpp"

#include <algorithm>

namespace medic::telemetry {
namespace {

/// An absent parent: empty, or all zeros as some producers write it.
bool is_root(std::string_view parent_id) {
    return std::all_of(parent_id.begin(), parent_id.end(), [](char c) { return c == '0'; });
}

std::string describe_span(const OtlpSpan& span) {
    return "span '" + utf8_prefix(span.name, 80) + "'";
}

} // namespace

void OtlpOutcome::skip(std::string reason) {
    ++skipped;
    // Up to three different reasons, so one line tells what went wrong with its spans.
    if (problem.empty())
        problem = std::move(reason);
    else if (std::count(problem.begin(), problem.end(), ';') < 2 &&
             problem.find(reason) == std::string::npos)
        problem += "; " + reason;
}

std::string_view handler_id(const NameViews& names) {
    for (auto const name : {names.route, names.rpc, names.function, names.span})
        if (!name.empty())
            return name;
    return {};
}

NameViews OtlpEmitter::names_of(const OtlpSpan& span) {
    NameViews names{span.name, {}, {}, span.topic, span.function};
    if (!span.code_namespace.empty() && !span.function.empty() &&
        span.function.find("::") == std::string_view::npos) {
        m_function.assign(span.code_namespace).append("::").append(span.function);
        names.function = m_function;
    }
    if (!span.http_route.empty()) {
        // Semantic conventions: "{method} {route}", and HTTP for methods outside the standard set.
        auto const method =
            span.http_method == "_OTHER" ? std::string_view("HTTP") : span.http_method;
        m_route.assign(method).append(method.empty() ? "" : " ").append(span.http_route);
        names.route = m_route;
    }
    if (span.rpc_method.find('/') != std::string_view::npos) {
        auto method = span.rpc_method; // current conventions: fully qualified
        names.rpc = method.substr(method.front() == '/' ? 1 : 0);
    } else if (!span.rpc_service.empty() && !span.rpc_method.empty()) {
        m_rpc.assign(span.rpc_service).append("/").append(span.rpc_method);
        names.rpc = m_rpc;
    }
    return names;
}

bool OtlpEmitter::has_children(const OtlpSpan& span) {
    if (std::binary_search(m_parents.begin(), m_parents.end(),
                           std::pair{span.trace_id, span.span_id}))
        return true;
    // Exporters often write parents last, in a later request: a run may already be open.
    m_run.assign(span.trace_id).append(":").append(span.span_id);
    return m_aggregator.is_run_open(m_run);
}

void OtlpEmitter::take(const OtlpSpan& span, OtlpOutcome& outcome) {
    if (span.not_an_object)
        return outcome.skip("an element of 'spans' that is not a JSON object");
    if (span.kind == SpanKind::client || span.kind == SpanKind::producer) {
        ++outcome.outgoing;
        return;
    }
    auto const names = names_of(span);
    // A parent without a name of its own in the code or the protocol only names its children's
    // sequence run (a checkout made of steps), it is no handler call.
    if (names.route.empty() && names.rpc.empty() && !span.has_code() && has_children(span)) {
        ++outcome.envelopes;
        return;
    }
    if (!span.start_ns || !span.end_ns || *span.start_ns <= 0)
        return outcome.skip(describe_span(span) + " has no start or end time");
    if (*span.end_ns < *span.start_ns)
        return outcome.skip(describe_span(span) + " ends before it starts");
    CallRecord call;
    call.handler = handler_id(names);
    if (call.handler.empty())
        return outcome.skip("a span without a name or attributes that name its handler");
    call.names = &names;
    call.duration_ms = static_cast<double>(*span.end_ns - *span.start_ns) / 1e6;
    call.ts_ms = *span.start_ns / 1'000'000;
    call.error = span.status_code == 2;
    call.error_message = span.status_message.empty() ? span.exception_message : span.status_message;
    if (span.has_code()) {
        m_code.function = names.function;
        m_code.filepath = span.filepath;
        m_code.lineno = span.lineno;
        call.code = &m_code;
    }
    call.batched = true;
    call.attrs = span.attributes;
    call.attrs_shape = span.attributes.empty() ? AttrsShape::none : AttrsShape::otlp_key_values;
    if (!is_root(span.parent_id)) {
        m_run.assign(span.trace_id).append(":").append(span.parent_id);
        call.run = m_run;
        call.order_key = *span.start_ns;
    }
    if (auto problem = m_aggregator.add_call(call))
        return outcome.skip(describe_span(span) + ": " + *problem);
    ++outcome.spans;
    // A parent in this request names the run now: a request of many traces (an exporter's
    // batch) moves the clock past this run's idle timeout before the loop below completes it.
    if (!call.run.empty())
        if (auto const parent = std::lower_bound(
                m_spans_here.begin(), m_spans_here.end(),
                std::pair{std::pair{span.trace_id, span.parent_id}, std::string_view()});
            parent != m_spans_here.end() && parent->first.first == span.trace_id &&
            parent->first.second == span.parent_id)
            m_aggregator.name_run(m_run, parent->second);
}

void OtlpEmitter::emit(const std::vector<OtlpSpan>& spans, OtlpOutcome& outcome) {
    m_parents.clear();
    m_spans_here.clear();
    for (auto const& span : spans) {
        if (!is_root(span.parent_id))
            m_parents.emplace_back(span.trace_id, span.parent_id);
        m_spans_here.push_back({{span.trace_id, span.span_id}, span.name});
    }
    std::sort(m_parents.begin(), m_parents.end());
    std::sort(m_spans_here.begin(), m_spans_here.end());
    for (auto const& span : spans)
        take(span, outcome);
    // A parent ends after its children, so once it is here its run is complete: named after it
    // and closed, which keeps the runs held open few (exporters write children first).
    for (auto const& span : spans) {
        m_run.assign(span.trace_id).append(":").append(span.span_id);
        m_aggregator.complete_run(m_run, span.name);
    }
    m_aggregator.close_idle_runs();
}

} // namespace medic::telemetry
