// Every built-in fixer on real code: Clang analyses a small repository, the draft stage builds
// the request as `medic run` does, and the rule drafter must turn the check's finding into a
// vetted diff (positive case) — and must not draft that fix where the code is already right
// (negative case).

#include "bot/pipeline/analysis.hpp"
#include "bot/pipeline/drafting.hpp"
#include "generators/fix/rule_drafter.hpp"
#include "tests/code/project.hpp"

#include <gtest/gtest.h>

namespace medic::fix {
namespace {

constexpr auto k_includes = "#include <fstream>\n#include <map>\n#include <regex>\n"
                            "#include <string>\n#include <algorithm>\n#include <vector>\n";

/// Analyses `code` (one file of a fresh repository) and drafts a rule-based fix for a slow
/// `app::handle`, the way the pipeline's draft stage does.
Result<PatchDraft> run_fixer_on_code(const std::string& code) {
    test::Project project;
    project.add("src/app.cpp", k_includes + code);
    project.write_database();
    Anomaly anomaly;
    anomaly.id = "0123456789abcdef";
    anomaly.kind = AnomalyKind::slow;
    anomaly.handler = "app::handle";
    auto analysis = pipeline::analyze_targets(
        {project.root(), {}, 1, {}}, pipeline::targets_of_anomalies({}, {anomaly}), [](auto) {});
    if (!analysis)
        return std::unexpected(analysis.error());
    auto const request = pipeline::draft_request(anomaly, *analysis, MedicConfig{}, project.root());
    return draft_with_rules(request, project.root());
}

struct FixerCase {
    const char* check;
    const char* slow_code; ///< Where the check fires and its fix is safe.
    const char* fixed;     ///< A line the diff must add.
    const char* fine_code; ///< Where the same code is already right.
};

class Fixers : public ::testing::TestWithParam<FixerCase> {};

TEST_P(Fixers, DraftTheirCheckedRewriteAsAVettedDiff) {
    auto const& c = GetParam();
    auto const draft = run_fixer_on_code(c.slow_code);
    ASSERT_TRUE(draft) << draft.error().message;
    EXPECT_EQ(draft->fixer, c.check);
    EXPECT_EQ(draft->strategy, Strategy::rules);
    EXPECT_EQ(draft->files, std::vector<std::string>{"src/app.cpp"});
    EXPECT_NE(draft->diff.find(std::string("\n+") + c.fixed), std::string::npos) << draft->diff;
}

TEST_P(Fixers, LeaveCodeThatIsAlreadyRightAlone) {
    auto const& c = GetParam();
    auto const draft = run_fixer_on_code(c.fine_code);
    if (draft)
        EXPECT_NE(draft->fixer, c.check) << draft->diff;
}

INSTANTIATE_TEST_SUITE_P(
    EveryFindingFixer, Fixers,
    ::testing::Values(
        FixerCase{"perf-regex-in-loop", R"(namespace app {
int handle(const std::vector<std::string>& skus) {
    int n = 0;
    for (auto const& sku : skus) {
        const std::regex format("[A-Z]{3}-[0-9]+");
        n += std::regex_match(sku, format);
    }
    return n;
}
})",
                  "        static const std::regex format(\"[A-Z]{3}-[0-9]+\");",
                  R"(namespace app {
int handle(const std::vector<std::string>& skus) {
    static const std::regex format("[A-Z]{3}-[0-9]+");
    int n = 0;
    for (auto const& sku : skus) n += std::regex_match(sku, format);
    return n;
}
})"},
        FixerCase{"perf-param-by-value", R"(namespace app {
int handle(std::vector<std::string> names) { return static_cast<int>(names.size()); }
})",
                  "int handle(const std::vector<std::string>& names) {",
                  R"(namespace app {
int handle(std::vector<std::string> names) { names.push_back("x"); return static_cast<int>(names.size()); }
})"},
        FixerCase{"perf-range-for-copy", R"(namespace app {
std::size_t handle(const std::vector<std::string>& names) {
    std::size_t n = 0;
    for (std::string name : names) n += name.size();
    return n;
}
})",
                  "    for (const std::string& name : names) n += name.size();",
                  R"(namespace app {
std::size_t handle(const std::vector<std::string>& names) {
    std::size_t n = 0;
    for (std::string name : names) { name += "!"; n += name.size(); }
    return n;
}
})"},
        FixerCase{"perf-push-back-without-reserve", R"(namespace app {
std::vector<int> handle(const std::vector<int>& in) {
    std::vector<int> out;
    for (int v : in) {
        out.push_back(v * 2);
    }
    return out;
}
})",
                  "    out.reserve(out.size() + in.size());",
                  R"(namespace app {
std::vector<int> handle(const std::vector<int>& in) {
    std::vector<int> out;
    out.reserve(in.size());
    for (int v : in) {
        out.push_back(v * 2);
    }
    return out;
}
})"},
        FixerCase{"perf-string-concat-in-loop", R"(namespace app {
std::string handle(const std::vector<std::string>& rows) {
    std::string csv;
    for (auto const& row : rows) {
        csv = csv + row + ',';
    }
    return csv;
}
})",
                  "        csv += row;",
                  R"(namespace app {
std::string handle(const std::vector<std::string>& rows) {
    std::string csv;
    for (auto const& row : rows) {
        csv += row;
    }
    return csv;
}
})"},
        FixerCase{"perf-endl-in-loop", R"(namespace app {
void handle(std::ofstream& out, const std::vector<int>& lines) {
    for (int line : lines) out << line << std::endl;
}
})",
                  "    for (int line : lines) out << line << '\\n';",
                  R"(namespace app {
void handle(std::ofstream& out, const std::vector<int>& lines) {
    for (int line : lines) out << line << '\n';
    out << std::endl;
}
})"},
        FixerCase{
            "perf-map-double-lookup", R"(namespace app {
int handle(std::map<std::string, int>& stock, const std::string& sku) {
    if (stock.count(sku)) return stock[sku];
    return 0;
}
})",
            "    if (auto found = stock.find(sku); found != stock.end()) return (found->second);",
            R"(namespace app {
int handle(std::map<std::string, int>& stock, const std::string& sku) {
    auto const it = stock.find(sku);
    return it == stock.end() ? 0 : it->second;
}
})"},
        FixerCase{"perf-linear-search-in-loop", R"(namespace app {
std::vector<int> handle(const std::vector<std::string>& skus, const std::vector<std::string>& withdrawn) {
    std::vector<int> kept;
    for (int i = 0; i < static_cast<int>(skus.size()); ++i) {
        if (std::find(withdrawn.begin(), withdrawn.end(), skus[i]) == withdrawn.end())
            kept.push_back(i);
    }
    return kept;
}
})",
                  "#include <unordered_set>",
                  R"(namespace app {
bool handle(const std::vector<std::string>& withdrawn, const std::string& sku) {
    return std::find(withdrawn.begin(), withdrawn.end(), sku) != withdrawn.end();
}
})"}),
    [](const ::testing::TestParamInfo<FixerCase>& info) {
        std::string name;
        for (char const c : std::string_view(info.param.check).substr(5))
            name += c == '-' ? '_' : c;
        return name;
    });

/// A checkout declared as a table of steps in `order`, and a draft for the anomaly that says
/// production succeeds with reserve_stock before charge_payment.
Result<PatchDraft> reorder_checkout(const std::string& order) {
    test::Project project;
    project.add("src/checkout.cpp", R"(#include <vector>
namespace app {
void validate_cart() {}
void charge_payment() {}
void reserve_stock() {}
using Step = void (*)();
const std::vector<Step> checkout = {
)" + order + R"(};
}
)");
    project.write_database();
    Anomaly anomaly;
    anomaly.id = "fedcba9876543210";
    anomaly.kind = AnomalyKind::misordered;
    anomaly.sequence = "checkout";
    anomaly.evidence = {
        {"expected_order", {"app::validate_cart", "app::reserve_stock", "app::charge_payment"}},
        {"actual_order", {"app::validate_cart", "app::charge_payment", "app::reserve_stock"}}};
    MEDIC_TRY(analysis, pipeline::analyze_targets({project.root(), {}, 1, {}},
                                                  pipeline::targets_of_anomalies({}, {anomaly}),
                                                  [](auto) {}));
    if (analysis->sequences.size() != 1)
        return fail(ErrorCode::not_found, "the sequence's declaration was not found");
    auto const request = pipeline::draft_request(anomaly, *analysis, MedicConfig{}, project.root());
    return draft_with_rules(request, project.root());
}

TEST(ReorderFixer, PutsAMisorderedSequenceIntoTheOrderThatSucceeds) {
    auto const draft =
        reorder_checkout("    &validate_cart,\n    &charge_payment,\n    &reserve_stock,\n");
    ASSERT_TRUE(draft) << draft.error().message;
    EXPECT_EQ(draft->fixer, "reorder-sequence");
    EXPECT_NE(
        draft->diff.find("-    &charge_payment,\n     &reserve_stock,\n+    &charge_payment,"),
        std::string::npos)
        << "charging moves after reserving: " << draft->diff;
}

TEST(ReorderFixer, LeavesASequenceAlreadyInOrderAlone) {
    auto const draft =
        reorder_checkout("    &validate_cart,\n    &reserve_stock,\n    &charge_payment,\n");
    if (draft)
        EXPECT_TRUE(draft->diff.empty()) << "nothing to reorder, yet: " << draft->diff;
}

} // namespace
} // namespace medic::fix
