// The status page from a real store: every section there by its id, the facts in it (an open
// pull request with its proof and conflict mark, the merged share, a delivery's outcome), and
// text from payloads escaped so a delivery cannot put markup or script on the page.

#include "bot/serve/status_page.hpp"
#include "tests/support/manual_clock.hpp"
#include "tests/support/temp_dir.hpp"

#include <gtest/gtest.h>

namespace medic::serve {
namespace {

class StatusPageTest : public ::testing::Test {
protected:
    StatusPageTest() : store(std::move(*store::Store::open(dir.path() / "medic.sqlite3", clock))) {}

    std::string page() { return render_status_page(store, {2, clock.now()}); }

    test::TempDir dir;
    test::ManualClock clock{std::chrono::system_clock::time_point(std::chrono::hours(500'000))};
    store::Store store;
};

TEST_F(StatusPageTest, AnEmptyStoreShowsEverySectionAndSaysItIsEmpty) {
    auto const html = page();
    for (auto const* id : {"queue", "installations", "pull-requests", "outcomes", "deliveries"})
        EXPECT_NE(html.find("<section id=\"" + std::string(id) + "\">"), std::string::npos) << id;
    EXPECT_NE(html.find("install the GitHub App"), std::string::npos);
    EXPECT_NE(html.find("none open"), std::string::npos);
}

TEST_F(StatusPageTest, PullRequestsInstallationsAndDeliveriesAreShown) {
    ASSERT_TRUE(store.record_installation(
        {77, "acme", store::InstallationState::active, {"acme/shop"}}, true));
    ASSERT_TRUE(store.record_published_fix({"acme/shop",
                                            4,
                                            "medic/slow/x",
                                            "aaaa",
                                            "0123",
                                            "rules/regex-hoist",
                                            true,
                                            6,
                                            {},
                                            {},
                                            "236.87x faster, p = 1.1e-05"}));
    ASSERT_TRUE(store.mark_conflict("acme/shop", 4, "conflicts with main in src/cart.cpp"));
    ASSERT_TRUE(store.hand_over("acme/shop", 4, "carol"));
    store::AttemptRecord attempt;
    attempt.repository = "acme/shop";
    attempt.strategy = "llm/openai:test-model";
    attempt.status = "published";
    attempt.speedup = 3.25;
    ASSERT_TRUE(store.record_attempt(attempt));
    ASSERT_TRUE(store.record_pull_request_outcome(
        {"acme/shop", 3, "medic/slow/y", true, "feed", clock.now()}));
    ASSERT_TRUE(store.record_pull_request_outcome(
        {"acme/shop", 2, "medic/slow/z", false, "", clock.now()}));
    store::IncomingDelivery delivery{"d-1", "ping", "", 0, "acme/shop", "{}"};
    ASSERT_TRUE(store.record_delivery(delivery, true));
    auto const html = page();
    for (auto const* text :
         {"acme/shop#4", "236.87x faster", "conflicts with main in src/cart.cpp",
          "rules/regex-hoist", "<td>50 %</td>", "<td>acme</td>", "d-1", "class=\"queued\"",
          "<td>carol</td>", "<td>llm/openai:test-model</td>", "<td>3.25x</td>"})
        EXPECT_NE(html.find(text), std::string::npos) << text;
}

TEST_F(StatusPageTest, TextFromPayloadsIsEscaped) {
    store::IncomingDelivery delivery{
        "<script>alert(1)</script>", "ping", "", 0, "acme/\"shop\"", "{}"};
    ASSERT_TRUE(store.record_delivery(delivery, false));
    auto const html = page();
    EXPECT_EQ(html.find("<script>"), std::string::npos);
    EXPECT_NE(html.find("&lt;script&gt;alert(1)&lt;/script&gt;"), std::string::npos);
    EXPECT_NE(html.find("acme/&quot;shop&quot;"), std::string::npos);
    EXPECT_EQ(html_escape("a&b<'c'>"), "a&amp;b&lt;&#39;c&#39;&gt;");
}

} // namespace
} // namespace medic::serve
