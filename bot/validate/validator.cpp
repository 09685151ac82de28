#include "bot/validate/validator.hpp"

#include "bot/model/result.hpp"
#include "bot/model/text_file.hpp"
#include "bot/validate/benchmark_comparison.hpp"
#include "bot/validate/cmake_file_api.hpp"
#include "bot/validate/step_runner.hpp"
#include "bot/validate/worktree.hpp"
#include "generators/patch/patched_copy.hpp"

#include <array>
#include <chrono>
#include <fstream>
#include <optional>
#include <thread>

namespace medic::validate {

namespace fs = std::filesystem;

bool needs_speedup(AnomalyKind kind) {
    return kind == AnomalyKind::slow || kind == AnomalyKind::trend;
}

namespace {

/// One attempt: the steps in order, each returning false (with verdict.reason set) to stop.
class Attempt {
public:
    Attempt(const ValidationRequest& request, ProcessRunner& runner)
        : m_request(request), m_runner(runner),
          m_attempt_dir(request.work_dir / "attempts" / request.draft.anomaly_id),
          m_build_dir(request.work_dir / "build"),
          m_steps(runner, request.config, m_attempt_dir / "logs", request.work_dir, m_verdict) {
        m_verdict.anomaly_id = request.draft.anomaly_id;
        m_verdict.kind = request.draft.kind;
        m_verdict.handler = request.draft.handler;
    }

    Result<Verdict> run() {
        auto const started = std::chrono::steady_clock::now();
        MEDIC_TRY(prepared, prepare_worktree());
        bool passed = true;
        for (auto step : {&Attempt::base_build, &Attempt::patched_build, &Attempt::benchmark}) {
            MEDIC_TRY(ok, (this->*step)());
            if (!(passed = *ok))
                break;
        }
        if (passed) {
            m_verdict.validated = true;
            m_verdict.reason = proof();
        }
        m_verdict.seconds =
            std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
        m_verdict.isolation_note = m_request.config.network ? "network allowed by validate.network"
                                                            : m_runner.isolation_unavailable();
        return m_verdict;
    }

private:
    /// A step's outcome: true to go on, false when the fix failed (reason set), or an Error.
    using Step = Result<bool>;

    Result<void> prepare_worktree() {
        // The attempt folder is emptied: its name must be one plain component under work_dir.
        if (auto checked = check_anomaly_id(m_request.draft.anomaly_id); !checked)
            return checked;
        m_request.progress("preparing the worktree");
        // Held for the whole attempt: the worktree, the build and the attempt folders are this
        // run's alone until it ends.
        MEDIC_TRY(worktree,
                  ValidationWorktree::open(m_request.repo, m_request.work_dir / "worktree"));
        m_worktree.emplace(std::move(*worktree));
        std::error_code error;
        fs::remove_all(m_attempt_dir, error);
        if (fs::create_directories(m_attempt_dir / "logs", error); error)
            return fail(ErrorCode::unavailable, "cannot create " +
                                                    (m_attempt_dir / "logs").string() + ": " +
                                                    error.message());
        MEDIC_TRY(commit, m_worktree->reset_to(m_request.base));
        m_verdict.base_commit = *commit;
        m_source = m_worktree->path();
        if (m_request.repo_benchmark)
            if (auto asked = request_codemodel(m_build_dir); !asked)
                return asked;
        // A generated test written short (a full disk) would build and "pass": every byte counts.
        for (auto const& file : m_request.tests.files)
            if (auto written = write_text_file(m_source / file.path, file.content); !written)
                return written;
        return {};
    }

    bool reject(std::string reason) {
        m_verdict.reason = std::move(reason);
        return false;
    }

    std::map<std::string, std::string> placeholders() const {
        auto jobs = m_request.config.jobs;
        if (jobs == 0)
            jobs = std::max(1u, std::thread::hardware_concurrency());
        return {{"source", m_source.string()},
                {"build", m_build_dir.string()},
                {"jobs", std::to_string(jobs)},
                {"tests_dir", m_request.generate.tests_dir}};
    }

    Step shell(const std::string& step, const std::string& build, const std::string& command) {
        m_request.progress(build + ": " + step);
        MEDIC_TRY(result,
                  m_steps.shell(step, build, fill_placeholders(command, placeholders()), m_source));
        return result->ok();
    }

    std::string failure(const std::string& what) const {
        auto const& last = m_verdict.commands.back();
        auto why =
            last.timed_out ? " (timed out)" : " (exit " + std::to_string(last.exit_code) + ")";
        return what + why + ":\n" + last.output_tail;
    }

    /// `step` as it is, unless the fix failed it: then rejected with `what` and the command's
    /// output.
    Step or_reject(Step step, const std::string& what) {
        if (step && !*step)
            return reject(failure(what));
        return step;
    }

    Step compile(const std::string& build) {
        for (auto const& [step, command] : {std::pair{"configure", &m_request.config.configure},
                                            {"build", &m_request.config.build}}) {
            auto ok = shell(step, build, *command);
            if (!ok || !*ok)
                return ok;
        }
        return true;
    }

    [[nodiscard]] bool has_generated_tests() const { return !m_request.tests.test_filter.empty(); }

    Step run_generated_tests(const std::string& build) {
        auto const binary = fill_placeholders(m_request.config.tests_binary, placeholders());
        return shell("generated tests", build,
                     binary + " --gtest_filter=" + shell_quote(m_request.tests.test_filter));
    }

    Step base_build() {
        auto compiled =
            or_reject(compile("base"), has_generated_tests()
                                           ? "the generated tests do not build without the fix"
                                           : "the repository does not build without the fix");
        if (!compiled || !*compiled)
            return compiled;
        if (!has_generated_tests())
            return keep_benchmark("base");
        auto passed = run_generated_tests("base");
        if (!passed)
            return passed;
        m_verdict.generated_tests_fail_on_base = !*passed;
        if (m_request.draft.kind == AnomalyKind::misordered && *passed)
            return reject("the generated test passes without the fix, so it does not show the "
                          "misorder");
        if (m_request.draft.kind != AnomalyKind::misordered && !*passed)
            return reject(failure("the generated regression test fails on the code without the "
                                  "fix, so it does not describe today's behaviour"));
        return keep_benchmark("base");
    }

    Step apply_fix() {
        m_request.progress("applying the patch");
        auto applied = patch::apply_patch(m_source, m_request.draft.diff);
        if (!applied)
            return reject("the patch does not apply to " + m_verdict.base_commit.substr(0, 12) +
                          ": " + applied.error().message);
        MEDIC_RETURN_IF_ERROR(patch::write_files(*applied, m_source));
        return true;
    }

    Step patched_build() {
        auto step = apply_fix();
        if (!step || !*step)
            return step;
        step = or_reject(compile("patched"), "the patch does not build");
        if (!step || !*step)
            return step;
        step = or_reject(shell("test", "patched", m_request.config.test),
                         "the repository's tests fail with the patch");
        if (!step || !*step)
            return step;
        for (unsigned run = 0; has_generated_tests() && run < m_request.config.flaky_runs; ++run) {
            auto passed = run_generated_tests("patched");
            if (!passed)
                return passed;
            if (!*passed)
                return reject(generated_failure(run));
            m_verdict.generated_test_passes = run + 1;
        }
        return keep_benchmark("patched");
    }

    std::string generated_failure(unsigned passes) const {
        if (passes > 0)
            return failure("the generated tests are flaky: they passed " + std::to_string(passes) +
                           " time(s), then failed");
        return failure("the generated tests fail with the patch");
    }

    /// Copies the benchmark binary aside: the build directory is shared by both builds.
    Step keep_benchmark(const std::string& build) {
        if (m_request.repo_benchmark) {
            auto const built = executable_built_from(m_build_dir, m_request.repo_benchmark->file);
            if (!built)
                return reject("the repository's benchmark " + m_request.repo_benchmark->name +
                              " cannot be run: " + built.error().message);
            m_repo_benchmark_binary = built->lexically_relative(m_build_dir).string();
            return copy_benchmark(*built, build);
        }
        if (m_request.tests.benchmark.empty())
            return true;
        return copy_benchmark(
            fill_placeholders(m_request.config.benchmark_binary, placeholders(), Quoting::none),
            build);
    }

    Step copy_benchmark(const fs::path& binary, const std::string& build) {
        std::error_code error;
        fs::copy_file(binary, m_attempt_dir / (build + "-benchmarks"),
                      fs::copy_options::overwrite_existing, error);
        if (error)
            return reject("the benchmark binary " + binary.string() +
                          " was not built: " + error.message());
        return true;
    }

    /// The benchmark that proves the speedup: the repository's own, else the generated one.
    [[nodiscard]] std::string benchmark_name() const {
        return m_request.repo_benchmark ? m_request.repo_benchmark->name
                                        : m_request.tests.benchmark;
    }

    Result<double> one_benchmark_run(const std::string& build) {
        // The benchmark and its instances: the repository's with arguments ("BM_Search/8"), the
        // generated one as "BM_x/manual_time" when the harness times the handlers itself.
        MEDIC_TRY(result, m_steps.exec("benchmark", build,
                                       {(m_attempt_dir / (build + "-benchmarks")).string(),
                                        "--benchmark_filter=^" + benchmark_name() + "(/.*)?$",
                                        "--benchmark_format=json",
                                        "--benchmark_min_time=" +
                                            std::to_string(m_request.config.benchmark_min_time_s)},
                                       m_source, true));
        if (!result->ok())
            return fail(ErrorCode::invalid_input, "the " + build + " benchmark failed (exit " +
                                                      std::to_string(result->exit_code) + "): " +
                                                      StepRunner::tail(result->error_output));
        return benchmark_time_ns(result->output, benchmark_name(), /*family=*/true);
    }

    /// Interleaved runs (ABBA order, so a drifting machine favours neither build).
    Step benchmark() {
        if (!m_request.measure_speedup || !needs_speedup(m_request.draft.kind))
            return true;
        if (benchmark_name().empty())
            return reject("no benchmark was generated, so the speedup cannot be shown");
        std::vector<double> base, patched;
        for (unsigned run = 0; run < m_request.config.runs; ++run) {
            m_request.progress("benchmark run " + std::to_string(run + 1) + " of " +
                               std::to_string(m_request.config.runs));
            for (auto const* build :
                 run % 2 == 0 ? std::array{"base", "patched"} : std::array{"patched", "base"}) {
                auto time = one_benchmark_run(build);
                if (!time)
                    return reject(time.error().message);
                (std::string_view(build) == "base" ? base : patched).push_back(*time);
            }
        }
        m_verdict.benchmark =
            compare_runs(benchmark_name(), std::move(base), std::move(patched), m_request.config);
        m_verdict.benchmark->from_repository = m_request.repo_benchmark.has_value();
        m_verdict.benchmark->binary = m_repo_benchmark_binary;
        auto shortfall = speedup_shortfall(*m_verdict.benchmark);
        return shortfall.empty() ? true : reject(std::move(shortfall));
    }

    std::string proof() const {
        std::string text = "Builds, the repository's tests pass";
        if (has_generated_tests())
            text += ", the generated tests passed " +
                    std::to_string(m_verdict.generated_test_passes) + " times in a row";
        if (m_verdict.generated_tests_fail_on_base.value_or(false))
            text += " (and fail without the fix)";
        if (m_verdict.benchmark)
            text += "; " +
                    (m_verdict.benchmark->from_repository
                         ? "its own benchmark " + m_verdict.benchmark->benchmark + " "
                         : std::string()) +
                    describe_speedup(*m_verdict.benchmark);
        return text;
    }

    const ValidationRequest& m_request;
    ProcessRunner& m_runner;
    Verdict m_verdict;
    fs::path m_attempt_dir;
    fs::path m_build_dir;
    fs::path m_source;
    std::optional<ValidationWorktree> m_worktree; ///< With the lock of the validation state.
    std::string m_repo_benchmark_binary;
    StepRunner m_steps;
};

} // namespace

Result<Verdict> validate_fix(const ValidationRequest& request, ProcessRunner& runner) {
    return Attempt(request, runner).run();
}

} // namespace medic::validate
