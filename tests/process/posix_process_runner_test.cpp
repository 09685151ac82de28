// PosixProcessRunner running real commands: exit statuses, captured streams, the fences
// (timeout, memory, network, writable paths) and the commands that cannot start at all.

#include "bot/process/posix_process_runner.hpp"
#include "tests/support/temp_dir.hpp"

#include <csignal>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <gtest/gtest.h>
#include <sstream>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>

namespace medic::process {
namespace {

namespace fs = std::filesystem;
using namespace std::chrono_literals;

CommandSpec command(std::vector<std::string> argv) {
    CommandSpec spec;
    spec.argv = std::move(argv);
    spec.timeout = 60s; // a hang fails the test instead of blocking the suite
    return spec;
}

CommandSpec shell(const std::string& script) {
    return command({"/bin/sh", "-c", script});
}

/// The interface names listed in /proc/net/dev, as seen by the command (inside its namespace).
std::vector<std::string> interfaces(const std::string& proc_net_dev) {
    std::vector<std::string> names;
    std::istringstream lines(proc_net_dev);
    for (std::string line; std::getline(lines, line);)
        if (const auto colon = line.find(':');
            colon != std::string::npos && line.find('|') == std::string::npos)
            names.push_back(
                line.substr(line.find_first_not_of(' '), colon - line.find_first_not_of(' ')));
    return names;
}

/// True once `pid` has exited (gone, or a zombie its parent has not reaped yet).
bool has_exited(pid_t pid) {
    std::ifstream stat("/proc/" + std::to_string(pid) + "/stat");
    std::string text((std::istreambuf_iterator<char>(stat)), {});
    const auto paren = text.rfind(')');
    return text.empty() || (paren != std::string::npos && text.substr(paren + 2, 1) == "Z");
}

/// True when a process whose command line contains `marker` is alive (zombies aside).
bool running(const std::string& marker) {
    // "[s]leep ...": the pattern does not match the shell that runs pgrep with it.
    auto const pattern = "[" + marker.substr(0, 1) + "]" + marker.substr(1);
    return std::system(("pgrep -f -r R,S,D '" + pattern + "' > /dev/null").c_str()) == 0;
}

/// Waits up to 10 s for `done`.
template <typename Done>
bool eventually(Done done) {
    for (int i = 0; i < 200 && !done(); ++i)
        std::this_thread::sleep_for(50ms);
    return done();
}

/// Runs `spec` in a child process standing in for Medic, kills that process with SIGKILL once
/// `marker` runs, and says whether anything with `marker` outlived it.
bool outlives_a_killed_medic(const CommandSpec& spec, const std::string& marker) {
    const pid_t medic = ::fork();
    if (medic == 0) {
        PosixProcessRunner runner;
        static_cast<void>(runner.run(spec));
        ::_exit(0);
    }
    EXPECT_TRUE(eventually([&] { return running(marker); })) << "the command never started";
    ::kill(medic, SIGKILL);
    ::waitpid(medic, nullptr, 0);
    return !eventually([&] { return !running(marker); });
}

class PosixProcessRunnerTest : public ::testing::Test {
protected:
    CommandResult run_ok(const CommandSpec& spec) {
        auto result = runner.run(spec);
        EXPECT_TRUE(result.has_value()) << result.error().message;
        return result.value_or(CommandResult{});
    }

    PosixProcessRunner runner;
};

TEST_F(PosixProcessRunnerTest, ReportsExitCodes) {
    const auto success = run_ok(command({"true"}));
    EXPECT_EQ(success.exit_code, 0);
    EXPECT_TRUE(success.ok());
    EXPECT_GT(success.seconds, 0);

    const auto failure = run_ok(shell("exit 3"));
    EXPECT_EQ(failure.exit_code, 3);
    EXPECT_EQ(failure.signal, 0);
    EXPECT_FALSE(failure.ok());
    EXPECT_FALSE(failure.timed_out);
}

TEST_F(PosixProcessRunnerTest, ReportsTheSignalThatEndedTheCommand) {
    const auto result = run_ok(shell("kill -9 $$"));
    EXPECT_EQ(result.exit_code, -1);
    EXPECT_EQ(result.signal, SIGKILL);
    EXPECT_FALSE(result.ok());
}

TEST_F(PosixProcessRunnerTest, CapturesStdoutAndStderrTogetherInOrder) {
    const auto result = run_ok(shell("echo out; echo err >&2; echo again"));
    EXPECT_EQ(result.output, "out\nerr\nagain\n");
    EXPECT_EQ(result.error_output, "");
}

TEST_F(PosixProcessRunnerTest, SplitsStderrWhenAsked) {
    auto spec = shell("echo out; echo err >&2");
    spec.split_stderr = true;
    const auto result = run_ok(spec);
    EXPECT_EQ(result.output, "out\n");
    EXPECT_EQ(result.error_output, "err\n");
}

TEST_F(PosixProcessRunnerTest, KeepsOnlyTheLastBytesOfOutput) {
    auto spec = shell("head -c 300000 /dev/zero | tr '\\0' a; printf END");
    spec.max_output_bytes = 10;
    EXPECT_EQ(run_ok(spec).output, "aaaaaaaEND");
}

TEST_F(PosixProcessRunnerTest, FeedsStdinThenClosesIt) {
    auto spec = command({"cat"});
    spec.stdin_text = "hello\nworld\n";
    EXPECT_EQ(run_ok(spec).output, "hello\nworld\n");
}

TEST_F(PosixProcessRunnerTest, FeedsLargeStdinWhileReadingLargeOutput) {
    // Both far larger than a pipe's buffer: writing all input before reading would deadlock.
    auto spec = command({"cat"});
    spec.stdin_text = std::string(4 << 20, 'x');
    spec.max_output_bytes = 8 << 20;
    const auto result = run_ok(spec);
    EXPECT_EQ(result.output.size(), spec.stdin_text.size());
    EXPECT_TRUE(result.ok());
}

TEST_F(PosixProcessRunnerTest, SurvivesACommandThatIgnoresItsStdin) {
    auto spec = command({"true"}); // exits without reading: writing on gets EPIPE, not SIGPIPE
    spec.stdin_text = std::string(4 << 20, 'x');
    EXPECT_TRUE(run_ok(spec).ok());
}

TEST_F(PosixProcessRunnerTest, WithoutStdinTextStdinIsEmpty) {
    const auto result = run_ok(command({"cat"}));
    EXPECT_TRUE(result.ok());
    EXPECT_EQ(result.output, "");
}

TEST_F(PosixProcessRunnerTest, SetsEnvironmentOnTopOfTheInheritedOne) {
    auto spec = shell("printf '%s|%s' \"$MEDIC_PROBE\" \"${PATH:+inherited}\"");
    spec.env = {{"MEDIC_PROBE", "42"}};
    EXPECT_EQ(run_ok(spec).output, "42|inherited");
}

TEST_F(PosixProcessRunnerTest, LooksTheProgramUpOnTheCommandsOwnPath) {
    test::TempDir bin;
    const fs::path script = bin.write("medic-hello", "#!/bin/sh\necho hello from $0\n");
    fs::permissions(script, fs::perms::owner_all);
    auto spec = command({"medic-hello"});
    spec.env = {{"PATH", bin.path().string() + ":/usr/bin:/bin"}};
    EXPECT_EQ(run_ok(spec).output, "hello from " + script.string() + "\n");
}

TEST_F(PosixProcessRunnerTest, RunsInTheGivenWorkingDirectory) {
    test::TempDir dir;
    auto spec = command({"pwd"});
    spec.cwd = dir.path();
    EXPECT_EQ(run_ok(spec).output, fs::canonical(dir.path()).string() + "\n");
}

TEST_F(PosixProcessRunnerTest, AppendsOutputToTheLogFileCreatingItsDirectory) {
    test::TempDir dir;
    auto spec = shell("echo out; echo err >&2");
    spec.split_stderr = true;
    spec.log_file = dir.path() / "logs" / "deep" / "run.log";
    run_ok(spec);
    run_ok(spec);
    const std::string log = test::read_file(spec.log_file);
    EXPECT_EQ(log.size(), 16u);
    EXPECT_EQ(std::count(log.begin(), log.end(), '\n'), 4);
    EXPECT_NE(log.find("err\n"), std::string::npos);
}

TEST_F(PosixProcessRunnerTest, ATimeoutKillsTheWholeGroupPromptly) {
    auto spec = shell("sleep 30 & sleep 30");
    spec.timeout = 300ms;
    const auto result = run_ok(spec);
    EXPECT_TRUE(result.timed_out);
    EXPECT_EQ(result.exit_code, -1);
    EXPECT_FALSE(result.ok());
    EXPECT_LT(result.seconds, 10); // correctness bound: the sleeps would take 30 s
}

TEST_F(PosixProcessRunnerTest, ATimeoutEndsWithSigkillWhenSigtermIsIgnored) {
    auto spec = shell("trap '' TERM; sleep 30");
    spec.timeout = 200ms;
    const auto result = run_ok(spec);
    EXPECT_TRUE(result.timed_out);
    EXPECT_EQ(result.signal, SIGKILL);
    EXPECT_LT(result.seconds, 10);
}

TEST_F(PosixProcessRunnerTest, ABackgroundGrandchildHoldingThePipeCannotHangTheRunner) {
    const auto result = run_ok(shell("sleep 30 & echo $!"));
    EXPECT_TRUE(result.ok());
    EXPECT_LT(result.seconds, 10);
    const pid_t grandchild = std::stoi(result.output);
    bool gone = has_exited(grandchild);
    for (int i = 0; i < 500 && !gone; ++i) { // a condition, not a duration: SIGKILL is async
        std::this_thread::sleep_for(10ms);
        gone = has_exited(grandchild);
    }
    EXPECT_TRUE(gone) << "the rest of the group is killed once the command has exited";
}

TEST_F(PosixProcessRunnerTest, AMemoryLimitMakesABigAllocationFail) {
    auto spec = command({"/usr/bin/python3", "-c", "x = bytearray(2 * 1024**3)"});
    spec.memory_limit_bytes = std::uint64_t{512} << 20;
    spec.split_stderr = true;
    const auto limited = run_ok(spec);
    EXPECT_NE(limited.exit_code, 0);
    EXPECT_NE(limited.error_output.find("MemoryError"), std::string::npos) << limited.error_output;

    spec.argv = {"/usr/bin/python3", "-c", "x = bytearray(16 * 1024**2)"};
    EXPECT_TRUE(run_ok(spec).ok()) << "a small allocation fits under the same limit";
}

TEST_F(PosixProcessRunnerTest, AMissingProgramIsNotFoundAndNamed) {
    const auto result = runner.run(command({"medic-no-such-program", "x"}));
    ASSERT_FALSE(result.has_value());
    EXPECT_EQ(result.error().code, ErrorCode::not_found);
    EXPECT_NE(result.error().message.find("medic-no-such-program"), std::string::npos);
}

TEST_F(PosixProcessRunnerTest, AFileThatIsNotExecutableIsInvalidInput) {
    test::TempDir dir;
    const auto script = dir.write("script.sh", "echo hi\n");
    fs::permissions(script, fs::perms::owner_read | fs::perms::owner_write);
    auto spec = command({"./script.sh"});
    spec.cwd = dir.path();
    const auto result = runner.run(spec);
    ASSERT_FALSE(result.has_value());
    EXPECT_EQ(result.error().code, ErrorCode::invalid_input) << result.error().message;
}

TEST_F(PosixProcessRunnerTest, CommandsThatCannotStartAreErrors) {
    const auto empty = runner.run(CommandSpec{});
    ASSERT_FALSE(empty.has_value());
    EXPECT_EQ(empty.error().code, ErrorCode::invalid_input);

    auto spec = command({"true"});
    spec.cwd = "/nonexistent/medic/dir";
    const auto no_cwd = runner.run(spec);
    ASSERT_FALSE(no_cwd.has_value());
    EXPECT_EQ(no_cwd.error().code, ErrorCode::not_found);
}

class IsolatedRunnerTest : public PosixProcessRunnerTest {
protected:
    void SetUp() override {
        if (const auto why = runner.isolation_unavailable(); !why.empty())
            GTEST_SKIP() << why;
    }
};

TEST_F(IsolatedRunnerTest, DenyNetworkLeavesOnlyLoopback) {
    auto spec = command({"cat", "/proc/net/dev"});
    spec.deny_network = true;
    const auto result = run_ok(spec);
    EXPECT_TRUE(result.ok()) << result.output;
    EXPECT_TRUE(result.network_isolated);
    EXPECT_EQ(interfaces(result.output), std::vector<std::string>{"lo"}) << result.output;
}

TEST_F(IsolatedRunnerTest, WithoutDenyNetworkTheCommandIsNotIsolated) {
    EXPECT_FALSE(run_ok(command({"true"})).network_isolated);
}

TEST_F(IsolatedRunnerTest, WritablePathsAreTheOnlyOnesWritable) {
    test::TempDir dir;
    auto spec = shell("cat /proc/net/dev; echo in > out/inside; echo private > /tmp/scratch && "
                      "cat /tmp/scratch; echo out > outside");
    spec.cwd = dir.path();
    spec.deny_network = true;
    spec.writable_paths = {dir.path() / "out"};
    spec.split_stderr = true;
    const auto result = run_ok(spec);
    EXPECT_TRUE(result.network_isolated);
    EXPECT_NE(result.exit_code, 0) << "the last write, outside, must fail";
    EXPECT_NE(result.error_output.find("Read-only file system"), std::string::npos)
        << result.error_output;
    EXPECT_EQ(test::read_file(dir.path() / "out" / "inside"), "in\n");
    EXPECT_FALSE(fs::exists(dir.path() / "outside"));
    EXPECT_NE(result.output.find("private\n"), std::string::npos) << "a private /tmp is writable";
    EXPECT_EQ(interfaces(result.output), std::vector<std::string>{"lo"}) << result.output;
}

TEST_F(IsolatedRunnerTest, ATimeoutKillsTheSandboxedGroupToo) {
    auto spec = shell("sleep 30 & sleep 30");
    spec.deny_network = true;
    spec.timeout = 300ms;
    const auto result = run_ok(spec);
    EXPECT_TRUE(result.network_isolated);
    EXPECT_TRUE(result.timed_out);
    EXPECT_LT(result.seconds, 10);
}

TEST(KilledMedic, TakesTheCommandItRanWithIt) {
    auto spec = command({"sleep", "296.25"});
    EXPECT_FALSE(outlives_a_killed_medic(spec, "sleep 296.25"));
}

TEST(KilledMedic, TakesTheCommandsOwnChildrenWithItOutsideASandboxToo) {
    // The parent-death signal reaches the shell only; the orphan guard kills its group.
    auto spec = shell("sleep 296.5 & sleep 296.5 & wait");
    EXPECT_FALSE(outlives_a_killed_medic(spec, "sleep 296.5"));
}

TEST_F(IsolatedRunnerTest, AKilledMedicTakesTheWholeSandboxedTreeWithIt) {
    auto spec = shell("sleep 297.25 & sleep 297.25 & wait");
    spec.deny_network = true;
    EXPECT_FALSE(outlives_a_killed_medic(spec, "sleep 297.25"));
}

TEST_F(IsolatedRunnerTest, AMissingProgramIsStillNotFound) {
    auto spec = command({"medic-no-such-program"});
    spec.deny_network = true;
    const auto result = runner.run(spec);
    ASSERT_FALSE(result.has_value());
    EXPECT_EQ(result.error().code, ErrorCode::not_found);
}

} // namespace
} // namespace medic::process
