// How telemetry's names are compared with the names Clang gives declarations
// (analyzers/code/names.cpp): templates, anonymous namespaces, lambdas, HTTP methods, routes
// and test files. Route matching and what a name asks for are in frameworks_test.cpp, next to
// the frameworks that register routes.

#include "analyzers/code/names.hpp"

#include <gtest/gtest.h>

namespace medic::code {
namespace {

TEST(Names, TemplateArgumentsGoAtAnyDepth) {
    EXPECT_EQ(strip_template_arguments("f<a<b>, c>"), "f");
    EXPECT_EQ(strip_template_arguments("ns::Box<int>::get<std::vector<int>>"), "ns::Box::get");
    EXPECT_EQ(strip_template_arguments("plain::name"), "plain::name");
    EXPECT_EQ(strip_template_arguments("operator>"), "operator>");
}

TEST(Names, AnonymousNamespacesAreNotPartOfTheName) {
    EXPECT_EQ(normalize_name("shop::(anonymous namespace)::f<int>"), "shop::f");
    EXPECT_EQ(normalize_name("(anonymous namespace)::(anonymous namespace)::g"), "g");
}

TEST(Names, TemplateArgumentKeysIgnoreQualifiersAndSpaces) {
    EXPECT_EQ(template_arguments_key("f<a::b, c::d<e>>"), "<b,d<e>>");
    EXPECT_EQ(template_arguments_key("f< int >"), "<int>");
    EXPECT_EQ(template_arguments_key("f"), "");
}

TEST(Names, ALambdaIsNamedByWhereItIsWritten) {
    auto const identity = lambda_identity("src/api.cpp", 12, 5);
    EXPECT_EQ(identity, "lambda at src/api.cpp:12:5");
    EXPECT_TRUE(is_lambda_identity(identity));
    EXPECT_FALSE(is_lambda_identity("shop::lambda"));
    EXPECT_EQ(lambda_file(identity), "src/api.cpp");
    EXPECT_EQ(lambda_file("lambda at c:/odd:name.cpp:1:2"), "c:/odd:name.cpp");
}

TEST(Names, MethodsCompareIgnoringCaseAndCpprestsSpelling) {
    EXPECT_TRUE(method_matches("get", "GET"));
    EXPECT_TRUE(method_matches("DEL", "delete"));
    EXPECT_TRUE(method_matches("", "POST")); // the code does not say: any method
    EXPECT_TRUE(method_matches("PUT", ""));  // telemetry does not say: any registration
    EXPECT_FALSE(method_matches("GET", "POST"));
    EXPECT_TRUE(is_http_method("options"));
    EXPECT_TRUE(is_http_method("Del"));
    EXPECT_FALSE(is_http_method("FETCH"));
    EXPECT_FALSE(is_http_method(""));
}

TEST(Names, ARouteFileMustSpellItsLongestLiteralSegment) {
    EXPECT_EQ(route_fragment("/api/orders/{id}/items"), "orders");
    EXPECT_EQ(route_fragment("/users/:id"), "users");
    EXPECT_EQ(route_fragment("/{id}"), "\"/"); // nothing literal: any route string
}

TEST(Names, TestFilesAreKnownByFolderOrName) {
    EXPECT_TRUE(is_test_path("tests/orders.cpp"));
    EXPECT_TRUE(is_test_path("src/unittests/a.cpp"));
    EXPECT_TRUE(is_test_path("src/orders_test.cpp"));
    EXPECT_TRUE(is_test_path("test_orders.cc"));
    EXPECT_TRUE(is_test_path("src/orders_tests.cpp"));
    EXPECT_FALSE(is_test_path("src/contest.cpp"));
    EXPECT_FALSE(is_test_path("src/testing/helpers.cpp"));
}

} // namespace
} // namespace medic::code
