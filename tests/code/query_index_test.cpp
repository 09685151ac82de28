// What a set of handler queries asks the code for (analyzers/code/query_index.cpp): functions by
// qualified or bare name, lambdas, routes with their methods and scores, keys, gRPC methods, the
// literals tests spell, and the text a unit must contain to be parsed.

#include "analyzers/code/names.hpp"
#include "analyzers/code/query_index.hpp"

#include <gtest/gtest.h>

namespace medic::code {
namespace {

QueryIndex shop_index() {
    return QueryIndex({{"shop::Search::handle", {"GET /search"}},
                       {"validate", {}},
                       {"POST /cart/{id}/coupon", {"cart.coupon"}},
                       {"depot.Inventory/Reserve", {}},
                       {"lambda at src/api.cpp:12:5", {}}});
}

std::vector<std::string> handlers_of(const std::vector<QueryMatch>& matches) {
    std::vector<std::string> ids;
    for (auto const& match : matches)
        ids.push_back(match.handler);
    return ids;
}

TEST(QueryIndex, FindsFunctionsByQualifiedOrBareName) {
    auto const index = shop_index();
    EXPECT_EQ(index.by_function("shop::Search::handle"),
              std::vector<std::string>{"shop::Search::handle"});
    // A bare name as a span may give it matches the function in any namespace or class.
    EXPECT_EQ(index.by_function("orders::Checkout::validate"),
              std::vector<std::string>{"validate"});
    EXPECT_TRUE(index.by_function("shop::Other::handle").empty());
    auto const matchers = index.function_matchers();
    EXPECT_NE(std::find(matchers.begin(), matchers.end(), "::shop::Search::handle"),
              matchers.end());
    EXPECT_NE(std::find(matchers.begin(), matchers.end(), "validate"), matchers.end());
}

TEST(QueryIndex, ScoresRegistrationsByHowExactlyTheyAnswer) {
    auto const index = shop_index();
    ASSERT_TRUE(index.wants_registrations());
    auto const exact = index.by_registration("/cart/{id}/coupon", "POST");
    ASSERT_EQ(exact.size(), 1u);
    EXPECT_EQ(exact[0].handler, "POST /cart/{id}/coupon");
    auto const pattern = index.by_registration("/cart/<int>/coupon", "");
    ASSERT_EQ(pattern.size(), 1u);
    EXPECT_LT(pattern[0].score, exact[0].score); // a pattern with no method says less
    EXPECT_TRUE(index.by_registration("/cart/{id}/coupon", "GET").empty());
    EXPECT_EQ(handlers_of(index.by_registration("cart.coupon", "")),
              std::vector<std::string>{"POST /cart/{id}/coupon"});
    EXPECT_EQ(handlers_of(index.by_registration("/search", "get")),
              std::vector<std::string>{"shop::Search::handle"});
}

TEST(QueryIndex, MatchesGrpcMethodsWithOrWithoutThePackage) {
    auto const index = shop_index();
    ASSERT_TRUE(index.wants_rpcs());
    EXPECT_EQ(index.by_rpc("depot.Inventory/Reserve"),
              std::vector<std::string>{"depot.Inventory/Reserve"});
    EXPECT_EQ(index.by_rpc("acme.depot.Inventory/Reserve"),
              std::vector<std::string>{"depot.Inventory/Reserve"});
    EXPECT_TRUE(index.by_rpc("depot.Inventory/Release").empty());
    EXPECT_TRUE(index.by_rpc("xdepot.Inventory/Reserve").empty());
}

TEST(QueryIndex, KnowsTheLiteralsATestSpells) {
    auto const index = shop_index();
    EXPECT_EQ(index.by_test_literal("/cart/42/coupon"),
              std::vector<std::string>{"POST /cart/{id}/coupon"});
    EXPECT_EQ(index.by_test_literal("cart.coupon"),
              std::vector<std::string>{"POST /cart/{id}/coupon"});
    EXPECT_TRUE(index.by_test_literal("/cart").empty());
}

TEST(QueryIndex, SaysWhatAUnitMustContainToBeParsed) {
    auto const index = shop_index();
    auto const fragments = index.fragments();
    for (auto const* needed : {"coupon", "cart.coupon", "Reserve", "search"})
        EXPECT_NE(std::find(fragments.begin(), fragments.end(), needed), fragments.end()) << needed;
    EXPECT_TRUE(index.wants_lambdas());
    EXPECT_EQ(index.by_lambda("lambda at src/api.cpp:12:5"),
              std::vector<std::string>{"lambda at src/api.cpp:12:5"});
    EXPECT_EQ(index.lambda_files(), std::vector<std::string>{"src/api.cpp"});
}

TEST(QueryIndex, AnEmptyQueryWantsNothing) {
    QueryIndex const index({});
    EXPECT_FALSE(index.wants_registrations() || index.wants_rpcs() || index.wants_lambdas());
    EXPECT_TRUE(index.function_names().empty());
    EXPECT_TRUE(index.fragments().empty());
}

} // namespace
} // namespace medic::code
