#include "bot/cli/proving.hpp"

#include "analyzers/telemetry/redactor.hpp"
#include "bot/cli/draft_run.hpp"
#include "bot/model/json.hpp"
#include "bot/model/text.hpp"
#include "bot/validate/benchmark_comparison.hpp"
#include "generators/llm/prompt.hpp"

#include <cstdlib>
#include <functional>
#include <memory>

namespace medic::cli {

namespace fs = std::filesystem;

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

Row row_of(const pipeline::FixResult& r) {
    auto const name = r.anomaly.handler.empty() ? r.anomaly.sequence : r.anomaly.handler;
    Row row{std::string(to_string(r.anomaly.kind)) + " " + name,
            "-",
            "-",
            "-",
            "-",
            r.status,
            r.branch.empty() ? "-" : r.branch};
    if (r.pr_number != 0)
        row.branch += " #" + std::to_string(r.pr_number) + " (" + r.pr_action +
                      (r.merge.empty() || r.merge.starts_with("not merged") ? "" : ", " + r.merge) +
                      ")";
    if (r.draft) {
        row.cause = clip(r.draft->root_cause, 48);
        row.strategy = r.draft->strategy + "/" + r.draft->fixer;
    }
    if (r.verdict && r.verdict->benchmark) {
        row.speedup = format("%.2f×", r.verdict->benchmark->speedup);
        row.p_value = format("%.1e", r.verdict->benchmark->p_value);
    }
    return row;
}

std::string paint_status(const std::string& status, const Terminal& t) {
    if (status == "published" || status == "validated")
        return t.green(status);
    if (status == "no draft" || status == "covered")
        return t.dim(status);
    return t.yellow(status);
}

} // namespace

Result<std::function<void(std::string&)>> outbound_redaction(const MedicConfig& config) {
    auto redactor = telemetry::Redactor::create(config.telemetry.redact_patterns);
    if (!redactor)
        return std::unexpected(redactor.error());
    auto shared = std::make_shared<telemetry::Redactor>(std::move(*redactor));
    return [shared](std::string& text) { shared->redact(text); };
}

fs::path work_dir_for(const std::string& flag, const fs::path& repo) {
    if (!flag.empty())
        return flag;
    fs::path cache;
    if (auto const* xdg = std::getenv("XDG_CACHE_HOME"); xdg && *xdg)
        cache = xdg;
    else if (auto const* home = std::getenv("HOME"); home && *home)
        cache = fs::path(home) / ".cache";
    else
        cache = fs::temp_directory_path();
    auto const absolute = fs::weakly_canonical(fs::absolute(repo));
    auto const hash = std::hash<std::string>{}(absolute.string()) & 0xffffffffULL;
    char suffix[16];
    std::snprintf(suffix, sizeof suffix, "%08llx", static_cast<unsigned long long>(hash));
    return cache / "medic" / "validate" / (absolute.filename().string() + "-" + suffix);
}

TemplateDirs template_dirs_for(const std::string& flag, const fs::path& repo) {
    return {templates_dir(flag), llm::repo_template_dir(repo)};
}

std::string results_table(const std::vector<pipeline::FixResult>& results, const Terminal& t) {
    std::vector<Row> rows{
        {"anomaly", "root cause", "strategy", "speedup", "p-value", "verdict", "branch"}};
    for (auto const& result : results)
        rows.push_back(row_of(result));
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
                       : paint_status(row.verdict, t) +
                             std::string(widths[5] - std::min(widths[5], row.verdict.size()), ' ');
        line += "  " + row.branch;
        table += (i == 0 ? t.bold(line) : line) + "\n";
        if (i > 0 && results[i - 1].status != "published" && results[i - 1].status != "validated")
            table += "    " + t.dim(clip(results[i - 1].reason, 160)) + "\n";
    }
    return table;
}

std::string stage_times_line(const pipeline::StageTimes& times, double wall_seconds,
                             double command_seconds) {
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

nlohmann::json results_json(const std::vector<pipeline::FixResult>& results,
                            const pipeline::StageTimes& times, double wall_seconds,
                            double command_seconds) {
    nlohmann::json fixes = nlohmann::json::array();
    for (auto const& r : results)
        fixes.push_back(
            {{"anomaly", r.anomaly.id},
             {"kind", to_string(r.anomaly.kind)},
             {"handler", r.anomaly.handler.empty() ? r.anomaly.sequence : r.anomaly.handler},
             {"status", r.status},
             {"reason", r.reason},
             {"strategy", r.draft ? r.draft->strategy + "/" + r.draft->fixer : ""},
             {"verdict", r.verdict ? nlohmann::json(*r.verdict) : nullptr},
             {"branch", r.branch},
             {"commit", r.commit},
             {"branch_changed", r.branch_changed},
             {"pull_request_body", r.pr_body_path},
             {"pull_request", r.pr_number == 0 ? nlohmann::json(nullptr)
                                               : nlohmann::json{{"number", r.pr_number},
                                                                {"url", r.pr_url},
                                                                {"action", r.pr_action},
                                                                {"merge", r.merge},
                                                                {"warnings", r.warnings}}},
             {"stage_seconds", r.times}});
    return {{"schema", "medic.run/v1"},
            {"fixes", fixes},
            {"stage_seconds", times},
            {"wall_seconds", wall_seconds},
            {"command_seconds", command_seconds}};
}

} // namespace medic::cli
