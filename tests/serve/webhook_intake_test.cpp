// POST /webhook's checks and answers without the HTTP transport, on a real SQLite store: which
// header is missing, the media type, the signature, the body, and queued / duplicate / ignored.

#include "bot/serve/webhook_intake.hpp"
#include "github/webhook_signature.hpp"
#include "tests/support/manual_clock.hpp"
#include "tests/support/temp_dir.hpp"

#include <gtest/gtest.h>

namespace medic::serve {
namespace {

constexpr std::string_view k_secret = "intake-secret";

class WebhookIntakeTest : public ::testing::Test {
protected:
    WebhookIntakeTest()
        : store(std::move(*store::Store::open(dir.path() / "medic.sqlite3", clock))) {}

    WebhookRequest signed_request(std::string event, std::string id, std::string body) {
        auto signature = github::webhook_signature(k_secret, body);
        return {"application/json; charset=utf-8", std::move(event), std::move(id),
                std::move(signature), std::move(body)};
    }

    test::TempDir dir;
    test::ManualClock clock{std::chrono::system_clock::time_point(std::chrono::hours(500'000))};
    store::Store store;
};

TEST_F(WebhookIntakeTest, QueuesWhatWorkersProcessAndKeepsTheRest) {
    auto const ping = receive_webhook(
        signed_request("ping", "g-1", R"({"zen":"Design for failure.","hook_id":3})"), k_secret,
        store);
    EXPECT_EQ(ping.status, 202);
    EXPECT_EQ(ping.body, (nlohmann::json{{"delivery", "g-1"}, {"status", "queued"}}));
    auto const star = receive_webhook(
        signed_request("star", "g-2", R"({"action":"created","repository":{"full_name":"a/b"}})"),
        k_secret, store);
    EXPECT_EQ(star.body["status"], "ignored");
    auto const opened =
        receive_webhook(signed_request("pull_request", "g-3", R"({"action":"opened","number":1})"),
                        k_secret, store);
    EXPECT_EQ(opened.body["status"], "ignored");
    auto const again = receive_webhook(
        signed_request("ping", "g-1", R"({"zen":"Design for failure.","hook_id":3})"), k_secret,
        store);
    EXPECT_EQ(again.body["status"], "duplicate");
    auto const recorded = store.delivery("g-2");
    ASSERT_TRUE(recorded && *recorded);
    EXPECT_EQ((*recorded)->repository, "a/b");
    EXPECT_EQ((*recorded)->action, "created");
}

TEST_F(WebhookIntakeTest, NamesTheMissingHeader) {
    auto request = signed_request("ping", "g-4", "{}");
    request.signature.clear();
    auto const answer = receive_webhook(request, k_secret, store);
    EXPECT_EQ(answer.status, 400);
    EXPECT_NE(answer.body["error"].get<std::string>().find("X-Hub-Signature-256"),
              std::string::npos);
    request = signed_request("", "g-4", "{}");
    EXPECT_NE(receive_webhook(request, k_secret, store)
                  .body["error"]
                  .get<std::string>()
                  .find("X-GitHub-Event"),
              std::string::npos);
    request = signed_request("ping", "bad id\n", "{}");
    EXPECT_EQ(receive_webhook(request, k_secret, store).status, 400);
}

TEST_F(WebhookIntakeTest, RefusesFormBodiesForgeriesAndNonObjects) {
    auto form = signed_request("ping", "g-5", "payload=%7B%7D");
    form.content_type = "application/x-www-form-urlencoded";
    EXPECT_EQ(receive_webhook(form, k_secret, store).status, 415);
    auto forged = signed_request("ping", "g-6", "{}");
    forged.body = R"({"zen":"x"})";
    auto const refused = receive_webhook(forged, k_secret, store);
    EXPECT_EQ(refused.status, 401);
    EXPECT_EQ(refused.body.dump().find(k_secret), std::string::npos);
    EXPECT_EQ(receive_webhook(signed_request("ping", "g-7", "[1]"), k_secret, store).status, 400);
    EXPECT_EQ(receive_webhook(signed_request("ping", "g-8", "{"), k_secret, store).status, 400);
    // Nothing refused was recorded.
    for (auto const* id : {"g-5", "g-6", "g-7", "g-8"})
        EXPECT_EQ(*store.delivery(id), std::nullopt) << id;
}

TEST(ProcessedEvents, AreThoseAWorkerHandles) {
    EXPECT_TRUE(is_processed_event("ping", ""));
    EXPECT_TRUE(is_processed_event("installation", "created"));
    EXPECT_TRUE(is_processed_event("installation_repositories", "added"));
    EXPECT_TRUE(is_processed_event("pull_request", "closed"));
    EXPECT_FALSE(is_processed_event("pull_request", "opened"));
    EXPECT_TRUE(is_processed_event("push", ""));
    EXPECT_TRUE(is_processed_event("check_suite", "completed"));
    EXPECT_FALSE(is_processed_event("check_suite", "requested"));
    EXPECT_TRUE(is_processed_event("check_run", "completed"));
    EXPECT_TRUE(is_processed_event("repository_dispatch", "medic-anomaly-report"));
    EXPECT_FALSE(is_processed_event("repository_dispatch", "deploy"));
}

} // namespace
} // namespace medic::serve
