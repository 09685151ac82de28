#include "bot/views/report_view.hpp"

#include <cstdio>

namespace medic::views {
namespace {

std::string human_bytes(std::uint64_t bytes) {
    char buffer[32];
    if (bytes >= (1ULL << 30))
        std::snprintf(buffer, sizeof buffer, "%.1f GiB", double(bytes) / double(1ULL << 30));
    else if (bytes >= (1ULL << 20))
        std::snprintf(buffer, sizeof buffer, "%.1f MiB", double(bytes) / double(1ULL << 20));
    else if (bytes >= 1024)
        std::snprintf(buffer, sizeof buffer, "%.1f KiB", double(bytes) / 1024.0);
    else
        std::snprintf(buffer, sizeof buffer, "%llu B", static_cast<unsigned long long>(bytes));
    return buffer;
}

std::string severity_label(Severity severity, const Terminal& t) {
    auto const text = std::string(to_string(severity));
    auto padded = text + std::string(9 - text.size(), ' ');
    switch (severity) {
    case Severity::critical:
        return t.bold_red(padded);
    case Severity::high:
        return t.red(padded);
    case Severity::medium:
        return t.yellow(padded);
    case Severity::low:
        return t.dim(padded);
    }
    return padded;
}

std::string subject(const Anomaly& anomaly) {
    return anomaly.kind == AnomalyKind::misordered
               ? "sequence " + anomaly.sequence
               : describe_handler(anomaly.handler, anomaly.names);
}

} // namespace

std::string render_ingest(const IngestStats& ingest, const Terminal& t) {
    std::string text;
    for (auto const& source : ingest.sources) {
        text += "  " + t.dim("read") + " " + source.path + "  " + source.format + ", " +
                human_bytes(source.bytes) + ", " + std::to_string(source.records) + " records";
        bool const spans = source.format == "otlp-json";
        if (source.malformed > 0)
            text += ", " + t.yellow(std::to_string(source.malformed) +
                                    (spans ? " unusable spans" : " malformed lines"));
        if (source.outgoing_spans > 0)
            text += ", " + t.dim(std::to_string(source.outgoing_spans) +
                                 " outgoing calls (CLIENT/PRODUCER spans) set aside");
        if (!source.error.empty())
            text += "\n    " + t.red("problem: ") + source.error;
        text += "\n";
    }
    for (std::size_t i = 0; i < ingest.malformed.size() && i < 5; ++i) {
        auto const& bad = ingest.malformed[i];
        text += "    " + t.yellow("skipped") + " " + bad.source + ":" + std::to_string(bad.line) +
                ": " + bad.reason + "\n";
    }
    if (ingest.malformed_total > 5)
        text += "    … and " + std::to_string(ingest.malformed_total - 5) +
                " more (all listed in the report's ingest.malformed, up to 200)\n";
    if (ingest.redactions > 0)
        text += "  " +
                t.dim(std::to_string(ingest.redactions) +
                      " secrets redacted from kept examples and messages") +
                "\n";
    return text;
}

std::string render_anomalies(const std::vector<Anomaly>& anomalies, const Terminal& t) {
    if (anomalies.empty())
        return t.green("No anomalies found.") + "\n";
    std::string text =
        t.bold(std::to_string(anomalies.size()) + " anomalies, most urgent first:") + "\n\n";
    for (std::size_t i = 0; i < anomalies.size(); ++i) {
        auto const& anomaly = anomalies[i];
        char rank[32];
        std::snprintf(rank, sizeof rank, "%2zu. ", i + 1);
        auto kind = std::string(to_string(anomaly.kind));
        kind += std::string(11 - kind.size(), ' ');
        text += rank + severity_label(anomaly.severity, t) + t.cyan(kind) +
                t.bold(subject(anomaly)) + "  " + t.dim("[" + anomaly.id + "]") + "\n";
        text += "    " + anomaly.summary + "\n";
        if (!anomaly.related.empty())
            text += "    " + t.dim("likely a symptom of [" + anomaly.related.front() + "]") + "\n";
        text += "\n";
    }
    return text;
}

} // namespace medic::views
