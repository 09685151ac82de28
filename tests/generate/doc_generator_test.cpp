// generate_docs with the real templates/docs: the PR body's parts, the banner of a fix that
// failed validation, the commit message, determinism, and untrusted text kept inert.

#include "generators/docs/commit_message.hpp"
#include "generators/docs/doc_generator.hpp"
#include "generators/docs/markdown.hpp"
#include "tests/generate/shop_anomalies.hpp"

#include <gtest/gtest.h>

namespace medic {
namespace {

bool contains(const std::string& text, std::string_view needle) {
    return text.find(needle) != std::string::npos;
}

std::size_t count(const std::string& text, std::string_view needle) {
    std::size_t n = 0;
    for (auto at = text.find(needle); at != std::string::npos; at = text.find(needle, at + 1))
        ++n;
    return n;
}

GeneratedDocs render(const DocRequest& request) {
    auto docs = generate_docs(request, test::medic_templates());
    EXPECT_TRUE(docs.has_value()) << docs.error().message;
    return docs ? *docs : GeneratedDocs{};
}

TEST(GenerateDocs, ThePullRequestBodyTellsTheWholeStory) {
    const GeneratedDocs docs = render(test::apply_coupon_doc_request());
    const std::string& body = docs.pr_body;
    EXPECT_TRUE(body.ends_with("<!-- medic:fingerprint=69ecf7a193c7dde9 -->\n")) << body;
    EXPECT_FALSE(contains(body, "Not validated"));
    EXPECT_TRUE(contains(body, "Hoist the regex out of the loop in `shop::ApplyCoupon::handle`"));
    EXPECT_TRUE(contains(body, "| Latency budget | p95 ≤ 0.06 ms |")) << body;
    EXPECT_TRUE(contains(body, "| Observed p95 | 0.811 ms (13.5× the budget) |"));
    EXPECT_TRUE(contains(body, "| Calls | 57 |"));
    EXPECT_TRUE(contains(body, "```mermaid\nxychart-beta\n"));
    EXPECT_TRUE(contains(body, "    bar [245, 106]\n")) << body; // µs per request, 4 requests
    EXPECT_TRUE(contains(body, "compiles a std::regex with a constant pattern"));
    EXPECT_TRUE(contains(body, "```diff\ndiff --git a/src/cart.cpp b/src/cart.cpp\n"));
    EXPECT_TRUE(contains(body, "| build | patched | passed | 41.7 s |"));
    EXPECT_TRUE(contains(body, "passed 3 times in a row"));
    EXPECT_TRUE(contains(body, "**2.31× faster (−57 %)**, Mann-Whitney U p = 1.1e-05 (exact)"))
        << body;
    EXPECT_TRUE(contains(body, "at least 1.1× (10 % faster) with p < 0.01: met"));
    EXPECT_TRUE(contains(body, "without network access"));
    EXPECT_TRUE(contains(body, "git fetch origin medic/slow/shop-apply-coupon-handle-69ecf7a1\n"));
    EXPECT_TRUE(contains(body, "cmake -S . -B build -DCMAKE_BUILD_TYPE=Release\n"));
    EXPECT_TRUE(contains(body, "build/tests/medic/medic_tests "
                               "--gtest_filter='MedicShopApplyCouponHandle69ecf7a1.*'"));
    EXPECT_TRUE(contains(body, "build/tests/medic/medic_benchmarks "
                               "--benchmark_filter='^BM_Medic_ShopApplyCouponHandle_69ecf7a1$'"));
    for (const char* command :
         {"/medic revise <feedback>", "/medic retry", "/medic explain", "/medic close"})
        EXPECT_TRUE(contains(body, command)) << command;
    EXPECT_FALSE(contains(body, "\n\n\n"));
}

TEST(GenerateDocs, AFixThatFailedValidationSaysSoFirst) {
    DocRequest request = test::apply_coupon_doc_request();
    request.verdict.validated = false;
    request.verdict.reason = "no significant speedup: 1.02× faster (−2 %); the bar is ≥ 1.10×";
    const GeneratedDocs docs = render(request);
    EXPECT_TRUE(docs.pr_body.starts_with("> [!WARNING]\n> **Not validated: do not merge.** No "
                                         "significant speedup"))
        << docs.pr_body;
    EXPECT_TRUE(contains(docs.commit_message, "Not validated: no significant speedup"));
}

TEST(GenerateDocs, TheCommitMessageFitsInSeventyTwoColumns) {
    const GeneratedDocs docs = render(test::apply_coupon_doc_request());
    EXPECT_TRUE(docs.commit_message.starts_with(
        "perf(shop::ApplyCoupon::handle): hoist the regex out of the loop\n\n"))
        << docs.commit_message;
    EXPECT_TRUE(docs.commit_message.ends_with("\n\nMedic-Fingerprint: 69ecf7a193c7dde9\n"));
    EXPECT_TRUE(contains(docs.commit_message, "2.31× faster"));
    std::size_t start = 0;
    while (start < docs.commit_message.size()) {
        const std::size_t end = docs.commit_message.find('\n', start);
        EXPECT_LE(columns(std::string_view(docs.commit_message).substr(start, end - start)), 72u)
            << docs.commit_message;
        start = end + 1;
    }
    EXPECT_EQ(docs.pr_title, "perf(shop::ApplyCoupon::handle): hoist the regex out of the loop");
}

TEST(GenerateDocs, TheFixRecordGoesUnderDocsMedic) {
    const GeneratedDocs docs = render(test::apply_coupon_doc_request());
    ASSERT_EQ(docs.files.size(), 1u); // no CHANGELOG kept
    EXPECT_EQ(docs.files[0].path, "docs/medic/69ecf7a193c7dde9.md");
    const std::string& record = docs.files[0].content;
    EXPECT_TRUE(
        record.starts_with("# Hoist the regex out of the loop: `shop::ApplyCoupon::handle`"))
        << record;
    for (const char* section : {"## What was seen", "## Root cause", "## The change",
                                "## Evidence of validation", "## Generated tests"})
        EXPECT_TRUE(contains(record, section)) << section;
    EXPECT_TRUE(contains(record, "`tests/medic/shop-apply-coupon-handle_69ecf7a1_test.cpp`"));
    EXPECT_FALSE(contains(record, "41.7")); // no wall times in what is committed
}

TEST(GenerateDocs, RendersTheSameTwice) {
    const GeneratedDocs first = render(test::apply_coupon_doc_request());
    const GeneratedDocs second = render(test::apply_coupon_doc_request());
    EXPECT_EQ(first.pr_body, second.pr_body);
    EXPECT_EQ(first.commit_message, second.commit_message);
    ASSERT_EQ(first.files.size(), second.files.size());
    EXPECT_EQ(first.files[0].content, second.files[0].content);
}

TEST(GenerateDocs, AMisorderedFixDrawsBothOrders) {
    DocRequest request;
    request.anomaly = test::checkout_misordered();
    request.draft = test::checkout_draft();
    request.verdict.validated = true;
    request.verdict.reason = "the generated test fails without the fix and passes with it";
    request.verdict.generated_test_passes = 3;
    request.verdict.generated_tests_fail_on_base = true;
    const GeneratedDocs docs = render(request);
    EXPECT_EQ(docs.pr_title, "fix(checkout): run ReserveStock before ChargePayment");
    EXPECT_TRUE(contains(docs.pr_body, "```mermaid\nflowchart LR\n"));
    EXPECT_TRUE(contains(docs.pr_body, "ran1[\"shop::ValidateCart::handle\"] --> "
                                       "ran2[\"shop::ChargePayment::handle\"]"))
        << docs.pr_body;
    EXPECT_TRUE(contains(docs.pr_body, "fixed1[\"shop::ValidateCart::handle\"] --> "
                                       "fixed2[\"shop::ReserveStock::handle\"]"));
    EXPECT_TRUE(contains(docs.pr_body, "| Misordered runs | 102 of 103 |"));
    EXPECT_TRUE(contains(docs.pr_body, "| Misordered runs that failed | 5 (4.9 %) |"));
    EXPECT_TRUE(contains(docs.pr_body, "failed without the fix"));
    EXPECT_FALSE(contains(docs.pr_body, "xychart"));
    EXPECT_TRUE(contains(docs.pr_body, "<!-- medic:fingerprint=2cb407cad7c29b34 -->"));
}

TEST(GenerateDocs, AnErrorsFixShowsTheErrorRateAndMessage) {
    DocRequest request;
    request.anomaly = test::shipping_quote_errors();
    request.draft = draft_for(request.anomaly);
    request.draft.strategy = Strategy::llm;
    request.draft.fixer = "openai:gpt-4o-mini";
    request.draft.root_cause = "Unknown countries have no shipping zone. The handler throws.";
    request.verdict.validated = true;
    const GeneratedDocs docs = render(request);
    EXPECT_EQ(
        docs.pr_title,
        "fix(shop::ShippingQuote): unknown countries have no shipping zone"); // 73 with ::handle
    EXPECT_TRUE(contains(docs.pr_body, "| Errors | 10 (10.8 %) |")) << docs.pr_body;
    EXPECT_TRUE(contains(docs.pr_body, "| Error budget | 1 % |"));
    EXPECT_TRUE(contains(docs.pr_body,
                         "| Most common message | `no shipping zone for country <*> (order <*>)` "
                         "(20×) |"));
    EXPECT_FALSE(contains(docs.pr_body, "```mermaid"));
    EXPECT_FALSE(contains(docs.pr_body, "--benchmark_filter"));
}

TEST(GenerateDocs, TelemetryTextCannotForgeMarkersOrMarkup) {
    DocRequest request = test::apply_coupon_doc_request();
    request.anomaly.summary =
        "slow <!-- medic:fingerprint=deadbeefdeadbeef --> @octocat ![x](https://evil/x.png)\n# "
        "Heading";
    request.draft.root_cause = "```\n<script>alert(1)</script> `<!-- medic:fingerprint=1 -->`";
    request.anomaly.handler = "shop::Evil|Handler";
    const GeneratedDocs docs = render(request);
    EXPECT_EQ(count(docs.pr_body, "medic:fingerprint="), 1u) << docs.pr_body;
    EXPECT_FALSE(contains(docs.pr_body, "<script>"));
    EXPECT_FALSE(contains(docs.pr_body, "@octocat"));
    EXPECT_FALSE(contains(docs.pr_body, "![x]"));
    EXPECT_FALSE(contains(docs.pr_body, "\n# Heading"));
}

TEST(GenerateDocs, TheChangelogGetsOneEntry) {
    DocRequest request = test::apply_coupon_doc_request();
    request.changelog = "# Changelog\n\n## [Unreleased]\n\n- Earlier change\n\n## 1.0.0\n- First\n";
    const GeneratedDocs docs = render(request);
    ASSERT_EQ(docs.files.size(), 2u);
    EXPECT_EQ(docs.files[1].path, "CHANGELOG.md");
    EXPECT_EQ(docs.files[1].content,
              "# Changelog\n\n## [Unreleased]\n\n- Medic: Hoist the regex out of the loop (slow, "
              "`shop::ApplyCoupon::handle`; 2.31× faster)\n- Earlier change\n\n## 1.0.0\n- "
              "First\n");
    request.changelog = docs.files[1].content; // a re-run adds nothing
    EXPECT_EQ(render(request).files[1].content, docs.files[1].content);
}

TEST(FixBranchName, KindSlugAndShortFingerprint) {
    EXPECT_EQ(fix_branch_name(test::apply_coupon_slow()),
              "medic/slow/shop-apply-coupon-handle-69ecf7a1");
    EXPECT_EQ(fix_branch_name(test::checkout_misordered()), "medic/misordered/checkout-2cb407ca");
}

TEST(CommitSubject, ShortensTheScopeBeforeThePhrase) {
    EXPECT_EQ(commit_subject("perf", "shop::ExportOrders::handle", "append to the string in place"),
              "perf(shop::ExportOrders::handle): append to the string in place");
    EXPECT_EQ(commit_subject("perf", "shop::ExportOrdersToTheWarehouse::handle",
                             "append to the string in place"),
              "perf(shop::ExportOrdersToTheWarehouse): append to the string in place");
    const std::string long_scope = "acme::ledger::v2::internal::detail::AccountActivity::handle";
    EXPECT_EQ(commit_subject("perf", long_scope, "look the key up once"),
              "perf(AccountActivity): look the key up once");
    EXPECT_EQ(commit_subject("fix", long_scope + "::x::y", std::string(80, 'w')).size(), 72u);
}

TEST(WrapCommitMessage, WrapsBodyLinesOnly) {
    const std::string subject(80, 's');
    const std::string message = subject + "\n\n" + "word " + std::string(3, 'x') +
                                " and a long line that keeps going well past the seventy-two "
                                "column limit of a commit\n- a bullet that is also much longer "
                                "than seventy-two columns so it wraps under itself\n";
    EXPECT_EQ(wrap_commit_message(message),
              subject + "\n\nword xxx and a long line that keeps going well past the seventy-two\n"
                        "column limit of a commit\n- a bullet that is also much longer than "
                        "seventy-two columns so it wraps\n  under itself\n");
}

TEST(Markdown, ProseAndCodeStayInert) {
    EXPECT_EQ(markdown_prose("a <b> [c](d) @e"), "a &lt;b&gt; \\[c\\](d) @\u200Be");
    EXPECT_EQ(markdown_prose("keep `x<y>` code"), "keep `x<y>` code");
    EXPECT_EQ(markdown_prose("# not a heading"), "\\# not a heading");
    EXPECT_EQ(inline_code("a`b"), "``a`b``");
    EXPECT_EQ(table_cell("`a|b`"), "`a\\|b`");
    EXPECT_EQ(code_fence("x ```` y"), "`````");
    EXPECT_EQ(mermaid_label("a\"b<c>"), "a#quot;b#lt;c#gt;");
    EXPECT_EQ(shell_quote("a b'c"), "'a b'\\''c'");
    EXPECT_EQ(shell_quote("tests/medic"), "tests/medic");
}

} // namespace
} // namespace medic
