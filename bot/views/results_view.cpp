#include "bot/views/results_view.hpp"

#include "bot/model/text.hpp"

#include <algorithm>
#include <cstdio>

namespace medic::views {

namespace {

std::string format(const char* pattern, double value) {
    char text[64];
    std::snprintf(text, sizeof text, pattern, value);
    return text;
}

std::string clip(std::string text, std::size_t width) {
    if (auto newline = text.find('\n'); newline != std::string::npos)
        text.resize(newline);
    if (text.size() > width)
        text = utf8_prefix(text, width - 1) + "…";
    return text;
}

/// Columns `text` takes on a terminal: its UTF-8 code points.
std::size_t display_width(std::string_view text) {
    std::size_t shown = 0;
    for (unsigned char c : text)
        shown += (c & 0xC0) != 0x80;
    return shown;
}

std::string pad(std::string text, std::size_t width) {
    auto const shown = display_width(text);
    if (shown < width)
        text.append(width - shown, ' ');
    return text;
}

struct Row {
    std::string anomaly, cause, strategy, speedup, p_value, verdict, branch;
};

Row row_of(const FixRecord& fix) {
    Row row{std::string(to_string(fix.kind)) + " " + fix.handler,
            "-",
            fix.strategy.empty() ? "-" : fix.strategy,
            "-",
            "-",
            std::string(to_string(fix.status)),
            fix.branch.empty() ? "-" : fix.branch};
    if (auto const& pr = fix.pull_request)
        row.branch +=
            " #" + std::to_string(pr->number) + " (" + pr->action +
            (pr->merge.empty() || pr->merge.starts_with("not merged") ? "" : ", " + pr->merge) +
            ")";
    if (!fix.root_cause.empty())
        row.cause = clip(fix.root_cause, 48);
    if (fix.verdict && fix.verdict->benchmark) {
        row.speedup = format("%.2f×", fix.verdict->benchmark->speedup);
        row.p_value = format("%.1e", fix.verdict->benchmark->p_value);
    }
    return row;
}

bool passed(FixStatus status) {
    return status == FixStatus::published || status == FixStatus::validated;
}

std::string paint_status(FixStatus status, const Terminal& t) {
    std::string const text(to_string(status));
    if (passed(status))
        return t.green(text);
    if (status == FixStatus::no_draft || status == FixStatus::covered)
        return t.dim(text);
    return t.yellow(text);
}

} // namespace

std::string results_table(const std::vector<FixRecord>& fixes, const Terminal& t) {
    std::vector<Row> rows{
        {"anomaly", "root cause", "strategy", "speedup", "p-value", "verdict", "branch"}};
    for (auto const& fix : fixes)
        rows.push_back(row_of(fix));
    std::size_t widths[6] = {};
    for (auto const& row : rows) {
        std::string const* cells[] = {&row.anomaly, &row.cause,   &row.strategy,
                                      &row.speedup, &row.p_value, &row.verdict};
        for (int i = 0; i < 6; ++i)
            widths[i] = std::max(widths[i], display_width(*cells[i]));
    }
    std::string table;
    for (std::size_t i = 0; i < rows.size(); ++i) {
        auto const& row = rows[i];
        auto line = pad(row.anomaly, widths[0]) + "  " + pad(row.cause, widths[1]) + "  " +
                    pad(row.strategy, widths[2]) + "  " + pad(row.speedup, widths[3]) + "  " +
                    pad(row.p_value, widths[4]) + "  ";
        line += i == 0 ? pad(row.verdict, widths[5])
                       : paint_status(fixes[i - 1].status, t) +
                             std::string(widths[5] - std::min(widths[5], row.verdict.size()), ' ');
        line += "  " + row.branch;
        table += (i == 0 ? t.bold(line) : line) + "\n";
        if (i > 0 && !passed(fixes[i - 1].status))
            table += "    " + t.dim(clip(fixes[i - 1].reason, 160)) + "\n";
    }
    return table;
}

std::string stage_times_line(const RunReport& report) {
    auto const& times = report.stage_seconds;
    auto const wall_seconds = report.wall_seconds;
    auto const command_seconds = report.command_seconds;
    std::string line;
    for (auto const* stage : {"detect", "locate", "draft", "generate", "validate", "publish"}) {
        auto const found = times.find(stage);
        if (found != times.end())
            line += (line.empty() ? "" : " · ") + std::string(stage) + " " +
                    format("%.1f s", found->second);
    }
    auto const overhead = wall_seconds - command_seconds;
    return line + format("; total %.1f s, of which the repository's own commands ", wall_seconds) +
           format("%.1f s and Medic ", command_seconds) + format("%.1f s", overhead) +
           format(" (%.1f %%)", wall_seconds > 0 ? 100 * overhead / wall_seconds : 0);
}

} // namespace medic::views
