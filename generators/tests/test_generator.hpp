#pragma once
// generate_tests: the GoogleTest (and, for `slow`, the Google Benchmark) that lock in one fix,
// rendered from Mustache templates (templates/tests/, overridable per repository) against the
// repository's Medic harness (HarnessConfig; contract in templates/README.md).

#include "bot/model/anomaly.hpp"
#include "bot/model/config.hpp"
#include "bot/model/draft.hpp"
#include "bot/model/process.hpp"
#include "bot/model/result.hpp"
#include "generators/templates/template_dirs.hpp"

#include <filesystem>
#include <string>
#include <vector>

namespace medic {

/// One file a generator wrote, relative to the repository root.
struct GeneratedFile {
    std::string path;
    std::string content;
};

/// The generated tests of one anomaly and how validation runs them.
struct GeneratedTests {
    std::vector<GeneratedFile> files; ///< <tests_dir>/CMakeLists.txt, the test, the benchmark.
    std::string test_filter;          ///< --gtest_filter selecting this fix's tests.
    std::string benchmark;            ///< Google Benchmark name; empty when none was generated.
};

/// What the test generator needs to know.
struct TestRequest {
    Anomaly anomaly;
    PatchDraft draft;
    std::vector<std::string> expected_order; ///< For `misordered`: handler names, fixed order.
    HarnessConfig harness;
    GenerateConfig generate;
};

/// The tests for `request`; invalid_input when the repository has no harness (harness.target).
/// Recorded production inputs (anomaly.evidence.examples[].attrs) become C++ string literals,
/// escaped: telemetry is untrusted and can never add code.
Result<GeneratedTests> generate_tests(const TestRequest& request, const TemplateDirs& templates);

/// Formats generated C++ files (.cpp, .hpp, .h, .cc) with clang-format and the repository's
/// .clang-format, when it has one; other files and repositories without one are left as they
/// are. Fails when clang-format fails (the message says which file).
Result<void> format_generated_code(std::vector<GeneratedFile>& files,
                                   const std::filesystem::path& repo, ProcessRunner& runner);

/// "shop::ApplyCoupon::handle" -> "shop-apply-coupon-handle"; used in branch and file names.
std::string handler_slug(std::string_view handler);

} // namespace medic
