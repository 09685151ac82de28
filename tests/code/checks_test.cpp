// One positive and one negative case per check, on real code parsed by Clang; for checks with
// fix-its, the fix-its are applied and the result must still compile.
#include "tests/code/project.hpp"

#include <cstdlib>

namespace medic {
namespace {

/// Analyzes `code` (one file) for handlers "app::bad" and "app::good".
struct Outcome {
    std::vector<Finding> bad, good;
    std::string source;
    test::Project project;
};

std::unique_ptr<Outcome> analyze(const std::string& code) {
    auto outcome = std::make_unique<Outcome>();
    outcome->source =
        "#include <fstream>\n#include <map>\n#include <mutex>\n#include <regex>\n#include "
        "<string>\n"
        "#include <algorithm>\n#include <vector>\n#include <thread>\n#include <chrono>\n" +
        code;
    outcome->project.add("src/app.cpp", outcome->source);
    auto const result = outcome->project.analyze(std::vector<std::string>{"app::bad", "app::good"});
    EXPECT_EQ(result.not_found.size(), 0u);
    for (auto const& finding : result.findings)
        (finding.handler == "app::bad" ? outcome->bad : outcome->good).push_back(finding);
    return outcome;
}

std::size_t count(const std::vector<Finding>& findings, const std::string& check) {
    return static_cast<std::size_t>(std::count_if(
        findings.begin(), findings.end(), [&](const Finding& f) { return f.check == check; }));
}

/// Applies every fix-it of `check` (back to front) and returns the new source.
std::string apply_fixes(const Outcome& outcome, const std::string& check) {
    std::vector<FixIt> fixes;
    for (auto const& finding : outcome.bad)
        if (finding.check == check)
            fixes.insert(fixes.end(), finding.fixes.begin(), finding.fixes.end());
    std::sort(fixes.begin(), fixes.end(),
              [](const FixIt& a, const FixIt& b) { return a.offset > b.offset; });
    auto text = outcome.source;
    for (auto const& fix : fixes)
        text.replace(fix.offset, fix.length, fix.replacement);
    return text;
}

bool compiles(const std::string& source) {
    test::TempDir dir;
    auto const file = dir.write("fixed.cpp", source);
    return std::system(("g++ -std=c++20 -fsyntax-only " + file + " 2>/dev/null").c_str()) == 0;
}

void expect_fixed(const Outcome& outcome, const std::string& check,
                  const std::string& expected_text) {
    auto const fixed = apply_fixes(outcome, check);
    EXPECT_NE(fixed, outcome.source) << check << ": no fix-it";
    EXPECT_NE(fixed.find(expected_text), std::string::npos) << fixed;
    EXPECT_TRUE(compiles(fixed)) << fixed;
}

TEST(Checks, RegexInLoop) {
    auto const o = analyze(R"(namespace app {
int bad(const std::vector<std::string>& skus) {
    int n = 0;
    for (auto const& sku : skus) {
        const std::regex format("[A-Z]{3}-[0-9]+");
        n += std::regex_match(sku, format);
    }
    return n;
}
int good(const std::vector<std::string>& skus) {
    static const std::regex format("[A-Z]{3}-[0-9]+");
    int n = 0;
    for (auto const& sku : skus) n += std::regex_match(sku, format);
    return n;
}
})");
    EXPECT_EQ(count(o->bad, "perf-regex-in-loop"), 1u);
    EXPECT_EQ(count(o->good, "perf-regex-in-loop"), 0u);
    expect_fixed(*o, "perf-regex-in-loop", "static const std::regex format");
}

TEST(Checks, ATemporaryRegexInALoopIsHoistedBeforeTheLoop) {
    auto const o = analyze(R"x(namespace app {
constexpr const char* k_rate_line = "([A-Z]{3})/([A-Z]{3}) ([0-9.]+)";
int bad(const std::vector<std::string>& lines) {
    int n = 0;
    for (const std::string& line : lines) {
        if (std::regex_match(line, std::regex(k_rate_line))) ++n;
    }
    return n;
}
int good(const std::vector<std::string>& lines, const std::string& user_pattern) {
    int n = 0;
    for (const std::string& line : lines) {
        if (std::regex_match(line, std::regex(user_pattern))) ++n;
    }
    return n;
}
})x");
    EXPECT_EQ(count(o->bad, "perf-regex-in-loop"), 1u);
    expect_fixed(*o, "perf-regex-in-loop",
                 "static const std::regex rate_line_regex(k_rate_line);\n    for (const "
                 "std::string& line : lines) {\n        if (std::regex_match(line, "
                 "rate_line_regex)) ++n;");
    for (auto const& finding : o->good)
        EXPECT_TRUE(finding.fixes.empty()) << "a pattern from a parameter cannot be hoisted";
}

TEST(Checks, ParamByValue) {
    auto const o = analyze(R"(namespace app {
int bad(std::vector<std::string> names) { return static_cast<int>(names.size()); }
int good(std::vector<std::string> names) { names.push_back("x"); return static_cast<int>(names.size()); }
})");
    EXPECT_EQ(count(o->bad, "perf-param-by-value"), 1u);
    EXPECT_EQ(count(o->good, "perf-param-by-value"), 0u) << "a modified copy is a working copy";
    expect_fixed(*o, "perf-param-by-value", "int bad(const std::vector<std::string>& names)");
}

TEST(Checks, RangeForCopy) {
    auto const o = analyze(R"(namespace app {
std::size_t bad(const std::vector<std::string>& names) {
    std::size_t n = 0;
    for (std::string name : names) n += name.size();
    return n;
}
std::size_t good(const std::vector<std::string>& names) {
    std::size_t n = 0;
    for (std::string name : names) { name += "!"; n += name.size(); }
    return n;
}
})");
    EXPECT_EQ(count(o->bad, "perf-range-for-copy"), 1u);
    EXPECT_EQ(count(o->good, "perf-range-for-copy"), 0u);
    expect_fixed(*o, "perf-range-for-copy", "for (const std::string& name : names)");
}

TEST(Checks, PushBackWithoutReserve) {
    auto const o = analyze(R"(namespace app {
std::vector<int> bad(const std::vector<int>& in) {
    std::vector<int> out;
    for (int v : in) {
        out.push_back(v * 2);
    }
    return out;
}
std::vector<int> good(const std::vector<int>& in) {
    std::vector<int> out;
    out.reserve(in.size());
    for (int v : in) {
        out.push_back(v * 2);
    }
    return out;
}
})");
    EXPECT_EQ(count(o->bad, "perf-push-back-without-reserve"), 1u);
    EXPECT_EQ(count(o->good, "perf-push-back-without-reserve"), 0u);
    expect_fixed(*o, "perf-push-back-without-reserve",
                 "out.reserve(out.size() + in.size());\n    for");
}

TEST(Checks, PushBackInACountedLoopReservesTheCount) {
    auto const o = analyze(R"(namespace app {
struct Request { int days = 0; std::size_t rows = 0; };
std::vector<int> bad(const Request& request) {
    std::vector<int> out;
    for (int day = 0; day < request.days; ++day) {
        out.push_back(day);
    }
    std::vector<std::size_t> rows;
    for (std::size_t i = 0; i < request.rows; ++i) {
        rows.push_back(i);
    }
    return out;
}
int good(int n) { return n; }
})");
    ASSERT_EQ(count(o->bad, "perf-push-back-without-reserve"), 2u);
    expect_fixed(*o, "perf-push-back-without-reserve",
                 "if (request.days > 0) {\n        out.reserve(out.size() + "
                 "static_cast<std::size_t>(request.days));\n    }\n    for (int day");
    expect_fixed(*o, "perf-push-back-without-reserve",
                 "rows.reserve(rows.size() + request.rows);\n    for (std::size_t i");
}

TEST(Checks, PushBackOverAComputedRangeBindsItOnceThenReserves) {
    auto const o = analyze(R"(namespace app {
std::vector<int> last_days(int n) { return std::vector<int>(n, 1); }
std::vector<int> bad(int n) {
    std::vector<int> out;
    for (int v : last_days(n)) {
        out.push_back(v);
    }
    for (int v : last_days(n)) {
        if (v > 0) out.push_back(v);
    }
    return out;
}
int good(int n) { return n; }
})");
    ASSERT_EQ(count(o->bad, "perf-push-back-without-reserve"), 2u);
    auto const fixed = apply_fixes(*o, "perf-push-back-without-reserve");
    EXPECT_NE(fixed.find("auto&& v_range = last_days(n);\n    out.reserve(out.size() + "
                         "v_range.size());\n    for (int v : v_range) {"),
              std::string::npos)
        << fixed;
    EXPECT_NE(fixed.find("for (int v : last_days(n)) {\n        if"), std::string::npos)
        << "a loop that appends only sometimes is left alone: " << fixed;
    EXPECT_TRUE(compiles(fixed)) << fixed;
}

TEST(Checks, LinearSearchInLoop) {
    auto const o = analyze(R"(namespace app {
int bad(const std::vector<int>& wanted, const std::vector<int>& items) {
    int n = 0;
    for (int item : items) n += std::find(wanted.begin(), wanted.end(), item) != wanted.end();
    for (int item : items) n += std::ranges::find(wanted, item) != wanted.end();
    return n;
}
int good(const std::vector<int>& wanted, int item) {
    return std::find(wanted.begin(), wanted.end(), item) != wanted.end();
}
})");
    EXPECT_EQ(count(o->bad, "perf-linear-search-in-loop"), 2u) << "std::find and std::ranges::find";
    EXPECT_EQ(count(o->good, "perf-linear-search-in-loop"), 0u) << "one search per call is fine";
}

TEST(Checks, ALinearSearchOverAnUnchangedContainerBecomesASetBuiltOnce) {
    auto const o = analyze(R"(namespace app {
std::vector<int> bad(const std::vector<std::string>& skus, const std::vector<std::string>& withdrawn) {
    std::vector<int> kept;
    for (int i = 0; i < static_cast<int>(skus.size()); ++i) {
        if (std::find(withdrawn.begin(), withdrawn.end(), skus[i]) == withdrawn.end())
            kept.push_back(i);
    }
    return kept;
}
int good(int n) { return n; }
})");
    ASSERT_EQ(count(o->bad, "perf-linear-search-in-loop"), 1u);
    expect_fixed(*o, "perf-linear-search-in-loop",
                 "const std::unordered_set<std::string> withdrawn_set(withdrawn.begin(), "
                 "withdrawn.end());\n    for (");
    auto const fixed = apply_fixes(*o, "perf-linear-search-in-loop");
    EXPECT_NE(fixed.find("if (!(withdrawn_set.contains(skus[i])))"), std::string::npos) << fixed;
    EXPECT_NE(fixed.find("#include <unordered_set>"), std::string::npos) << fixed;
}

TEST(Checks, AFoundTestStaysAFoundTest) {
    // With libstdc++'s iterators C++20 writes `!=` as `!(a == b)`: the fix must keep its sense.
    auto const o = analyze(R"(namespace app {
int bad(const std::vector<std::string>& skus, const std::vector<std::string>& withdrawn) {
    int kept = 0;
    for (const std::string& sku : skus) {
        if (std::find(withdrawn.begin(), withdrawn.end(), sku) != withdrawn.end())
            continue;
        ++kept;
    }
    return kept;
}
int good(int n) { return n; }
})");
    ASSERT_EQ(count(o->bad, "perf-linear-search-in-loop"), 1u);
    expect_fixed(*o, "perf-linear-search-in-loop", "if (withdrawn_set.contains(sku))");
}

TEST(Checks, ALinearSearchIsNotRewrittenWhenTheSetWouldNotBeTheSame) {
    auto const o = analyze(R"(namespace app {
struct Item { int id; };
int bad(std::vector<int>& seen, const std::vector<Item>& items, const std::vector<Item>& all) {
    int n = 0;
    for (auto const& item : items) {
        if (std::find(seen.begin(), seen.end(), item.id) == seen.end())  // the loop adds to it
            seen.push_back(item.id);
        const auto& local = seen;                                          // declared inside
        n += std::count(local.begin(), local.end(), item.id) > 0;
        n += std::find_if(all.begin(), all.end(), [&](const Item& a) { return a.id == item.id; })
                 != all.end();                                             // not a value search
    }
    return n;
}
int good(int n) { return n; }
})");
    ASSERT_EQ(count(o->bad, "perf-linear-search-in-loop"), 3u);
    for (auto const& finding : o->bad) {
        if (finding.check != "perf-linear-search-in-loop")
            continue;
        EXPECT_TRUE(finding.fixes.empty()) << finding.message;
        EXPECT_NE(finding.fix_note.find("unordered_set"), std::string::npos) << finding.fix_note;
    }
}

TEST(Checks, StringConcatInLoop) {
    auto const o = analyze(R"(namespace app {
std::string bad(const std::vector<std::string>& rows) {
    std::string csv;
    for (auto const& row : rows) {
        csv = csv + row + ',';
    }
    return csv;
}
std::string good(const std::vector<std::string>& rows) {
    std::string csv;
    for (auto const& row : rows) {
        csv += row;
    }
    std::string once = csv + "!";
    return once;
}
})");
    EXPECT_EQ(count(o->bad, "perf-string-concat-in-loop"), 1u);
    EXPECT_EQ(count(o->good, "perf-string-concat-in-loop"), 0u);
    expect_fixed(*o, "perf-string-concat-in-loop", "csv += row;\n        csv += ',';");
}

TEST(Checks, EndlInLoop) {
    auto const o = analyze(R"(namespace app {
void bad(std::ofstream& out, const std::vector<int>& lines) {
    for (int line : lines) out << line << std::endl;
}
void good(std::ofstream& out, const std::vector<int>& lines) {
    for (int line : lines) out << line << '\n';
    out << std::endl;
}
})");
    EXPECT_EQ(count(o->bad, "perf-endl-in-loop"), 1u);
    EXPECT_EQ(count(o->good, "perf-endl-in-loop"), 0u) << "one flush after the loop is fine";
    expect_fixed(*o, "perf-endl-in-loop", "out << line << '\\n';");
}

TEST(Checks, MapDoubleLookup) {
    auto const o = analyze(R"(namespace app {
int bad(std::map<std::string, int>& stock, const std::string& sku) {
    if (stock.count(sku)) return stock[sku];
    return 0;
}
int good(std::map<std::string, int>& stock, const std::string& sku) {
    auto const it = stock.find(sku);
    return it == stock.end() ? 0 : it->second;
}
})");
    EXPECT_EQ(count(o->bad, "perf-map-double-lookup"), 1u);
    EXPECT_EQ(count(o->good, "perf-map-double-lookup"), 0u);
    expect_fixed(*o, "perf-map-double-lookup",
                 "if (auto found = stock.find(sku); found != stock.end()) return (found->second);");
}

TEST(Checks, ABranchThatCreatesTheEntryBecomesOneTryEmplace) {
    auto const o = analyze(R"(namespace app {
struct Total { int first = 0; int count = 0; };
int bad(std::map<std::string, Total>& totals, const std::string& account, int entry) {
    if (!totals.contains(account)) {
        totals[account].first = entry;
    }
    return ++totals[account].count;
}
int good(int n) { return n; }
})");
    ASSERT_EQ(count(o->bad, "perf-map-double-lookup"), 1u);
    expect_fixed(*o, "perf-map-double-lookup",
                 "if (auto [found, found_inserted] = totals.try_emplace(account); found_inserted) "
                 "{\n        (found->second).first = entry;");
}

TEST(Checks, MapDoubleLookupIsOnlyRewrittenWhenTheConditionIsTheLookup) {
    auto const o = analyze(R"(namespace app {
int bad(std::map<std::string, int>& totals, std::multimap<std::string, int>& all,
        const std::string& account) {
    if (!totals.contains(account) && account.size() > 3) totals[account] = 1;
    if (totals.count(account)) { totals.erase("x"); return totals.at(account); }
    if (!all.contains(account)) all.find(account);
    return 0;
}
int good(int n) { return n; }
})");
    ASSERT_EQ(count(o->bad, "perf-map-double-lookup"), 2u);
    for (auto const& finding : o->bad) {
        EXPECT_TRUE(finding.fixes.empty()) << finding.message;
        EXPECT_FALSE(finding.fix_note.empty());
    }
}

TEST(Checks, BlockingCallInHandler) {
    auto const o = analyze(R"(namespace app {
void bad(int id) {
    std::ofstream audit("/tmp/audit.log", std::ios::app);
    audit << id;
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
}
void good(std::ostream& audit, int id) { audit << id; }
})");
    EXPECT_EQ(count(o->bad, "perf-blocking-call-in-handler"), 2u);
    EXPECT_EQ(count(o->good, "perf-blocking-call-in-handler"), 0u);
}

TEST(Checks, LockHeldOverSlowWork) {
    auto const o = analyze(R"(namespace app {
std::mutex m;
std::vector<int> shared;
std::ofstream report;
void bad() {
    std::lock_guard lock(m);
    for (int v : shared) report << v << '\n';
}
int good() {
    std::lock_guard lock(m);   // a loop over the protected state is what the lock is for
    int total = 0;
    for (int& v : shared) total += v++;
    return total;
}
})");
    EXPECT_EQ(count(o->bad, "perf-lock-held-over-slow-work"), 1u);
    EXPECT_EQ(count(o->good, "perf-lock-held-over-slow-work"), 0u);
}

TEST(Checks, EveryCheckHasADocPage) {
    for (auto const& check : code::list_checks())
        EXPECT_TRUE(std::filesystem::exists(test::source_root() / check.doc)) << check.doc;
}

TEST(Checks, AUnitThatFailedInBothPassesIsOneProblem) {
    code::AnalyzeResult result;
    result.report.problems = {"src/b.cpp: did not parse", "src/a.cpp: did not parse"};
    result.check_problems = {"src/b.cpp: did not parse"};
    EXPECT_EQ(code::all_problems(result),
              (std::vector<std::string>{"src/a.cpp: did not parse", "src/b.cpp: did not parse"}));
}

} // namespace
} // namespace medic
