#include "bot/pipeline/workflow_setup.hpp"

#include "bot/model/text.hpp"
#include "bot/model/text_file.hpp"
#include "bot/pipeline/run_setup.hpp"

#include <fstream>
#include <regex>

namespace medic::pipeline {
namespace {

/// Why the setup cannot make a working workflow, or nothing.
Result<void> check(const WorkflowSetup& setup) {
    static const std::regex action(R"(^[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+(/[^@\s]+)?@[^\s]+$)");
    if (!std::regex_match(setup.action, action))
        return fail(ErrorCode::invalid_input,
                    "--workflow needs --action OWNER/REPO@REF: where Medic's action.yml is (its "
                    "repository and a release tag, e.g. --action acme/medic@v1)");
    if (setup.benchmark.empty() || setup.benchmark.find('\n') != std::string::npos)
        return fail(ErrorCode::invalid_input,
                    "--workflow needs --benchmark COMMAND: the one line that runs your Google "
                    "Benchmark binary after `cmake --build build` (e.g. "
                    "./build/bench/service_bench)");
    return {};
}

} // namespace

std::string checked_out_branch(const std::filesystem::path& repo) {
    std::ifstream head(repo / ".git" / "HEAD");
    std::string line;
    std::getline(head, line);
    constexpr std::string_view prefix = "ref: refs/heads/";
    return line.starts_with(prefix) ? line.substr(prefix.size()) : "main";
}

Result<std::string> render_workflow(const WorkflowSetup& setup) {
    MEDIC_RETURN_IF_ERROR(check(setup));
    auto const source = templates_dir(setup.templates) / "ci" / "medic-workflow.yml";
    auto text = read_text_file(source);
    if (!text)
        return fail(ErrorCode::invalid_input,
                    "cannot read " + source.string() +
                        " (Medic's templates; --templates or $MEDIC_TEMPLATES names another "
                        "folder)");
    auto workflow = replace_all(*text, "{{default_branch}}", checked_out_branch(setup.repo));
    workflow = replace_all(workflow, "{{benchmark_command}}", setup.benchmark);
    return replace_all(workflow, "{{action}}", setup.action);
}

} // namespace medic::pipeline
