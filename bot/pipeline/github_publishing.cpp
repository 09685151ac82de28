#include "bot/pipeline/github_publishing.hpp"

#include "bot/git/branches.hpp"
#include "bot/git/parsed_diff.hpp"
#include "bot/model/result.hpp"
#include "generators/docs/doc_generator.hpp"

#include <cstdio>
#include <limits>
#include <sstream>

namespace medic::pipeline {

namespace {

std::string benchmark_line(const Verdict& verdict) {
    if (!verdict.benchmark)
        return {};
    char line[160];
    std::snprintf(line, sizeof line, "%.2f× faster (median %.0f ns → %.0f ns, p = %.2g)",
                  verdict.benchmark->speedup, verdict.benchmark->base_median_ns,
                  verdict.benchmark->patched_median_ns, verdict.benchmark->p_value);
    return line;
}

std::string status_comment(const FixForGitHub& fix, const std::string& marker) {
    std::ostringstream text;
    text << marker << "\n### Medic: latest validation\n\n"
         << (fix.verdict.validated ? "**Validated**" : "**Partially validated**") << " on base "
         << "commit `" << fix.verdict.base_commit.substr(0, 12) << "`: " << fix.verdict.reason
         << "\n";
    if (auto const line = benchmark_line(fix.verdict); !line.empty())
        text << "\nBenchmark: " << line << "\n";
    text << "\nGenerated tests passed " << fix.verdict.generated_test_passes
         << " time(s) in a row. Comment `/medic retry` to validate again.\n";
    return text.str();
}

github::CheckRunSpec check_run_for(const FixForGitHub& fix) {
    github::CheckRunSpec spec;
    spec.conclusion = fix.verdict.validated ? "success" : "neutral";
    spec.title = fix.verdict.validated ? "Fix validated" : "Fix partially validated";
    spec.summary = fix.verdict.reason;
    if (auto const line = benchmark_line(fix.verdict); !line.empty())
        spec.summary += "\n\n" + line;
    std::ostringstream commands;
    for (auto const& command : fix.verdict.commands)
        commands << "- `" << command.step << "` (" << command.build << "): exit "
                 << command.exit_code << ", " << command.seconds << " s\n";
    spec.text = commands.str();
    spec.annotations = annotations_for(fix.draft);
    spec.external_id = fix.anomaly.id;
    return spec;
}

std::vector<std::string> labels_for(const PublishConfig& config, const Anomaly& anomaly) {
    auto labels = config.labels;
    labels.push_back("medic:" + std::string(to_string(anomaly.kind)));
    return labels;
}

} // namespace

Result<github::RepoRef> configured_repository(const GitHubConfig& config,
                                              const std::filesystem::path& repo) {
    if (!config.repository.empty())
        return github::parse_repo_ref(config.repository);
    auto const origin = git::remote_url(repo, "origin");
    if (!origin)
        return fail(ErrorCode::invalid_input,
                    "which GitHub repository? Set github.repository: owner/name (the checkout "
                    "has no origin remote to read it from)");
    return github::repo_ref_from_remote_url(*origin);
}

Result<GitHubTarget> connect_github(github::GitHubApi& api, const MedicConfig& config,
                                    const std::filesystem::path& repo,
                                    const std::string& remote_override) {
    MEDIC_TRY(ref, configured_repository(config.github, repo));
    MEDIC_TRY(repository, api.get(ref->path()));
    auto push_url = !remote_override.empty() ? remote_override
                    : !config.publish.remote.empty()
                        ? config.publish.remote
                        : github::clone_url(config.github.api_url, *ref);
    return GitHubTarget{api,
                        *ref,
                        repository->value("default_branch", "main"),
                        std::move(push_url),
                        config.github.ca_file,
                        config.publish.reviewers_from_codeowners ? github::CodeOwners::load(repo)
                                                                 : std::nullopt,
                        std::nullopt};
}

Result<std::optional<std::string>>
github_hold_reason(GitHubTarget& target, const PublishConfig& policy, const std::string& branch) {
    MEDIC_TRY(existing, github::find_pull_request(target.api, target.repo, branch));
    if (*existing && (*existing)->state == "open")
        return std::optional<std::string>(); // updating an open PR is always allowed
    if (*existing)
        return std::optional<std::string>("pull request #" + std::to_string((*existing)->number) +
                                          ((*existing)->merged
                                               ? " merged this fix already"
                                               : " was closed without merging: not reopened"));
    if (!target.budget) {
        MEDIC_TRY(budget, github::PullRequestBudget::load(target.api, target.repo, policy,
                                                          target.api.clock().now()));
        target.budget = *budget;
    }
    return target.budget->refusal();
}

Result<github::PullRequestOutcome>
publish_fix_pull_request(GitHubTarget& target, const FixForGitHub& fix, const MedicConfig& config) {
    github::PullRequestPlan plan;
    plan.repo = target.repo;
    plan.pull = {fix.branch, target.base_branch, fix.title, fix.body, fix.draft_pr};
    plan.head_sha = fix.commit;
    plan.labels = labels_for(config.publish, fix.anomaly);
    if (target.owners)
        plan.reviewers = target.owners->owners_of(fix.draft.files);
    plan.comment_marker = "<!-- medic:status=" + fix.anomaly.id + " -->";
    plan.comment_body = status_comment(fix, plan.comment_marker);
    if (config.publish.check_run)
        plan.check_run = check_run_for(fix);
    plan.merge_facts = {
        fix.verdict.validated && !fix.draft_pr, fix.draft.strategy, fix_diff_lines(fix.draft), {}};
    auto outcome = github::publish_pull_request(target.api, plan, config.publish);
    if (outcome && outcome->pull.created && target.budget)
        target.budget->opened();
    return outcome;
}

int fix_diff_lines(const PatchDraft& draft) {
    auto const parsed = git::parse_diff(draft.diff);
    if (!parsed)
        return std::numeric_limits<int>::max();
    return static_cast<int>(parsed->lines_added + parsed->lines_removed);
}

std::vector<github::CheckAnnotation> annotations_for(const PatchDraft& draft) {
    std::vector<github::CheckAnnotation> notes;
    std::istringstream diff(draft.diff);
    std::string line;
    std::string path;
    while (std::getline(diff, line)) {
        if (line.starts_with("+++ "))
            path = line.starts_with("+++ b/") ? line.substr(6) : line.substr(4);
        auto const plus = line.find(" +");
        if (!line.starts_with("@@ ") || path.empty() || path == "/dev/null" ||
            plus == std::string::npos)
            continue;
        int new_start = 0;
        int new_count = 1; // "+5" alone means one line
        if (std::sscanf(line.c_str() + plus, " +%d,%d", &new_start, &new_count) < 1)
            continue;
        // A deletion-only hunk ("+5,0") still needs end >= start for GitHub.
        auto const start = std::max(new_start, 1);
        notes.push_back({path, start, std::max(new_start + new_count - 1, start), "notice",
                         "Medic: " + draft.fixer, draft.root_cause});
    }
    return notes;
}

} // namespace medic::pipeline
