#include "generators/tests/test_generator.hpp"

#include "bot/model/result.hpp"
#include "generators/templates/render_template.hpp"
#include "generators/tests/generated_names.hpp"
#include "generators/tests/test_view.hpp"

#include <algorithm>
#include <cctype>

namespace medic {

namespace {

// The templates of one kind: the test, and the benchmark when there is one.
struct KindTemplates {
    std::string_view test;
    std::string_view bench; ///< Empty: no benchmark.
};

KindTemplates templates_for(AnomalyKind kind) {
    switch (kind) {
    case AnomalyKind::slow:
    case AnomalyKind::trend:
        return {"tests/replay_test.cpp.mustache", "tests/replay_bench.cpp.mustache"};
    case AnomalyKind::misordered:
        return {"tests/order_test.cpp.mustache", {}};
    case AnomalyKind::errors:
    case AnomalyKind::untested:
        break;
    }
    return {"tests/no_throw_test.cpp.mustache", {}};
}

bool only_chars(std::string_view text, std::string_view extra) {
    return !text.empty() && std::ranges::all_of(text, [&](char c) {
        return std::isalnum(static_cast<unsigned char>(c)) != 0 ||
               extra.find(c) != std::string_view::npos;
    });
}

// The harness settings land in CMake and in #include lines, so they must be plain names.
Result<void> check_harness(const HarnessConfig& harness) {
    if (harness.target.empty())
        return fail(ErrorCode::invalid_input,
                    "the repository has no Medic harness: set harness.target in "
                    ".github/medic.yml (see templates/README.md)");
    if (!only_chars(harness.target, "_.+-:"))
        return fail(ErrorCode::invalid_input,
                    "harness.target '" + harness.target + "' is not a CMake target name");
    if (!only_chars(harness.header, "_.+-/"))
        return fail(ErrorCode::invalid_input, "harness.header '" + harness.header +
                                                  "' is not a plain header path (letters, "
                                                  "digits, _ . + - /)");
    return {};
}

Result<void> check_request(const TestRequest& request) {
    if (auto harness = check_harness(request.harness); !harness)
        return harness;
    if (request.anomaly.kind == AnomalyKind::misordered && expected_order_of(request).empty())
        return fail(ErrorCode::invalid_input,
                    "anomaly " + request.anomaly.id +
                        " has no expected order to test (neither configured nor in its evidence)");
    return {};
}

Result<void> add_file(std::vector<GeneratedFile>& files, const TemplateDirs& templates,
                      std::string_view name, std::string path,
                      const kainjow::mustache::data& view) {
    MEDIC_TRY(content, render_template(templates, name, view));
    files.push_back({std::move(path), std::move(*content)});
    return {};
}

// The CMakeLists.txt is shared by every fix, so its view holds repository settings only: it
// renders byte for byte the same for every anomaly and branches merge cleanly.
kainjow::mustache::data cmake_view(const HarnessConfig& harness) {
    kainjow::mustache::data view;
    view.set("harness_target", harness.target);
    return view;
}

} // namespace

Result<GeneratedTests> generate_tests(const TestRequest& request, const TemplateDirs& templates) {
    MEDIC_RETURN_IF_ERROR(check_request(request));
    MEDIC_TRY(names, generated_names(request.anomaly, request.generate));
    const kainjow::mustache::data view = test_view(request, *names);
    const KindTemplates kind = templates_for(request.anomaly.kind);
    const std::string tests_dir = names->test_path.substr(0, names->test_path.rfind('/'));
    GeneratedTests tests;
    tests.test_filter = names->suite + ".*";
    MEDIC_RETURN_IF_ERROR(add_file(tests.files, templates, "tests/CMakeLists.txt.mustache",
                                   tests_dir + "/CMakeLists.txt", cmake_view(request.harness)));
    MEDIC_RETURN_IF_ERROR(add_file(tests.files, templates, kind.test, names->test_path, view));
    if (!kind.bench.empty()) {
        MEDIC_RETURN_IF_ERROR(
            add_file(tests.files, templates, kind.bench, names->bench_path, view));
        tests.benchmark = names->benchmark;
    }
    return tests;
}

} // namespace medic
