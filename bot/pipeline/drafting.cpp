#include "bot/pipeline/drafting.hpp"

#include "analyzers/code/project.hpp"
#include "bot/model/evidence.hpp"
#include "bot/model/json.hpp"
#include "generators/fix/rule_drafter.hpp"
#include "generators/patch/path_policy.hpp"

#include <algorithm>
#include <fstream>
#include <set>

namespace medic::pipeline {
namespace {

/// Lines [first, last] of a repository file (1-based), with `context` more on each side.
std::optional<SourceExcerpt> excerpt(const std::filesystem::path& repo, const SourceRange& range,
                                     unsigned context = 0) {
    std::ifstream in(repo / range.file);
    if (range.file.empty() || !in)
        return std::nullopt;
    unsigned const first = range.begin_line > context ? range.begin_line - context : 1;
    unsigned const last = range.end_line + context;
    SourceExcerpt out{range.file, first, {}};
    std::string line;
    for (unsigned number = 1; std::getline(in, line) && number <= last; ++number)
        if (number >= first)
            out.text += line + "\n";
    return out;
}

/// The handler's and its nearer callees' definitions: what a reader of the code would open.
void add_code(const CodeSite& site, const std::filesystem::path& repo, DraftRequest& request) {
    if (auto handler = excerpt(repo, site.definition))
        request.sources.push_back(std::move(*handler));
    for (auto const& callee : site.callees)
        if (callee.depth <= 2 && request.sources.size() < 8)
            if (auto body = excerpt(repo, callee.definition))
                request.sources.push_back(std::move(*body));
}

/// What the repository expects of a change, as far as Medic can tell.
std::string conventions_of(const std::filesystem::path& repo) {
    std::string text = "C++; keep the surrounding code's naming, includes and error handling.";
    if (std::filesystem::exists(repo / ".clang-format"))
        text += " The repository is formatted with its .clang-format.";
    return text;
}

} // namespace

DraftRequest draft_request(const Anomaly& anomaly, const Analysis& analysis,
                           const MedicConfig& config, const std::filesystem::path& repo) {
    DraftRequest request;
    request.anomaly = anomaly;
    for (auto const& site : analysis.result.sites)
        if (!anomaly.handler.empty() && site.handler == anomaly.handler)
            request.site = site;
    // A finding in a function template is reported for one of its instances; every instance's
    // anomaly is explained by it.
    auto const without_arguments = [](const std::string& name) {
        return name.substr(0, name.find('<'));
    };
    for (auto const& finding : analysis.result.findings)
        if (!anomaly.handler.empty() &&
            without_arguments(finding.handler) == without_arguments(anomaly.handler)) {
            request.findings.push_back(finding);
            request.findings.back().handler = anomaly.handler;
        }
    for (auto const& site : analysis.sequences)
        if (!anomaly.sequence.empty() && site.sequence == anomaly.sequence) {
            request.sequence = site;
            if (auto declaration = excerpt(repo, site.range, 3))
                request.sources.push_back(std::move(*declaration));
        }
    request.expected_order = misordered_evidence(anomaly).expected_order;
    for (auto const& message : analysis.messages)
        if (message.pattern == anomaly.error_template)
            if (auto place = excerpt(repo, message.range, 3))
                request.sources.push_back(std::move(*place));
    if (request.site)
        add_code(*request.site, repo, request);
    request.vendored_paths = code::vendored_paths(repo, config.code.vendored);
    request.allowed_paths = allowed_paths(request, config);
    request.conventions = conventions_of(repo);
    if (!anomaly.error_template.empty())
        request.untrusted_text.push_back("error message template: " + anomaly.error_template);
    for (auto const& example : example_calls(anomaly))
        request.untrusted_text.push_back("example call: " + to_json_text(evidence_json(example)));
    return request;
}

std::vector<std::string> allowed_paths(const DraftRequest& request, const MedicConfig& config) {
    std::set<std::string> paths(config.fix.allowed_paths.begin(), config.fix.allowed_paths.end());
    for (auto const& finding : request.findings)
        for (auto const& fix : finding.fixes)
            paths.insert(fix.file);
    if (request.site) {
        paths.insert(request.site->definition.file);
        for (auto const& callee : request.site->callees)
            if (callee.depth <= 2 && !callee.definition.file.empty())
                paths.insert(callee.definition.file);
        paths.insert(request.site->test_files.begin(), request.site->test_files.end());
    }
    if (request.sequence)
        paths.insert(request.sequence->range.file);
    paths.erase("");
    std::erase_if(paths, [&request](const std::string& path) {
        return path.starts_with("/") || patch::is_allowed(path, request.vendored_paths);
    });
    return {paths.begin(), paths.end()};
}

DraftOutcome draft_anomaly(const DraftRequest& request, const Strategies& strategies,
                           const std::filesystem::path& repo) {
    DraftOutcome outcome;
    for (auto const& strategy : strategies.order) {
        Result<PatchDraft> draft =
            fail(ErrorCode::invalid_input, "a person's diff is not a strategy Medic can try");
        if (strategy == Strategy::rules) {
            draft = fix::draft_with_rules(request, repo);
        } else if (strategy == Strategy::llm) {
            if (strategies.model == nullptr) {
                outcome.reasons.push_back("llm: " + strategies.model_missing);
                continue;
            }
            draft = llm::draft_with_llm(request, *strategies.model, repo, strategies.model_options);
        }
        if (draft) {
            if (auto const rejected = rejection_of(*draft, request)) {
                outcome.reasons.push_back(std::string(to_string(strategy)) + ": " + *rejected);
                continue; // another strategy may draft another change
            }
            draft->refusals.insert(draft->refusals.begin(), outcome.reasons.begin(),
                                   outcome.reasons.end());
            outcome.draft = std::move(*draft);
            return outcome;
        }
        outcome.reasons.push_back(std::string(to_string(strategy)) + ": " + draft.error().message);
    }
    return outcome;
}

} // namespace medic::pipeline
