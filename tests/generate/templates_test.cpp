// The shared renderer (overrides, errors, blank lines) and the C++ text helpers, with the
// literal round-tripped through the real compiler.

#include "generators/templates/cpp_text.hpp"
#include "generators/templates/number_text.hpp"
#include "generators/templates/render_template.hpp"
#include "tests/generate/compiler.hpp"
#include "tests/support/temp_dir.hpp"

#include <filesystem>
#include <gtest/gtest.h>

namespace medic {
namespace {

kainjow::mustache::data name_view(const std::string& name) {
    kainjow::mustache::data view;
    view.set("name", name);
    return view;
}

TEST(RenderTemplate, InsertsValuesUnescapedAndSqueezesBlankLines) {
    test::TempDir medic;
    std::filesystem::create_directories(medic.path() / "tests");
    (void)medic.write("tests/a.mustache", "x = \"{{name}}\";\n\n{{#none}}gone{{/none}}\n\n\nend\n");
    const auto text = render_template({medic.path(), {}}, "tests/a.mustache", name_view("<a&b>"));
    ASSERT_TRUE(text.has_value()) << text.error().message;
    EXPECT_EQ(*text, "x = \"<a&b>\";\n\nend\n");
}

TEST(RenderTemplate, TheRepositorysCopyWins) {
    test::TempDir medic;
    test::TempDir repo;
    std::filesystem::create_directories(medic.path() / "docs");
    std::filesystem::create_directories(repo.path() / "docs");
    (void)medic.write("docs/t.mustache", "Medic's {{name}}\n");
    (void)medic.write("docs/u.mustache", "Medic's only {{name}}\n");
    (void)repo.write("docs/t.mustache", "Ours: {{name}}\n");
    const TemplateDirs dirs{medic.path(), repo.path()};
    EXPECT_EQ(render_template(dirs, "docs/t.mustache", name_view("x")).value(), "Ours: x\n");
    EXPECT_EQ(render_template(dirs, "docs/u.mustache", name_view("x")).value(), "Medic's only x\n");
}

TEST(RenderTemplate, ABrokenTemplateIsAnErrorNamingIt) {
    test::TempDir repo;
    std::filesystem::create_directories(repo.path() / "tests");
    (void)repo.write("tests/bad.mustache", "{{#open}} never closed");
    const auto text = render_template({"/nonexistent", repo.path()}, "tests/bad.mustache", {});
    ASSERT_FALSE(text.has_value());
    EXPECT_EQ(text.error().code, ErrorCode::invalid_input);
    EXPECT_NE(text.error().message.find("tests/bad.mustache"), std::string::npos);
    EXPECT_NE(text.error().message.find("not valid Mustache"), std::string::npos);
}

TEST(RenderTemplate, AMissingTemplateIsNotFound) {
    const auto text = render_template({"/nonexistent", {}}, "tests/none.mustache", {});
    ASSERT_FALSE(text.has_value());
    EXPECT_EQ(text.error().code, ErrorCode::not_found);
}

TEST(CppStringLiteral, EscapesWhatCouldEndTheLiteral) {
    EXPECT_EQ(cpp_string_literal("plain text"), "\"plain text\"");
    EXPECT_EQ(cpp_string_literal("a\"b\\c"), "\"a\\\"b\\\\c\"");
    EXPECT_EQ(cpp_string_literal("l1\nl2\r\t"), "\"l1\\nl2\\r\\t\"");
    EXPECT_EQ(cpp_string_literal("?\?/"), "\"\\?\\?/\"");
    EXPECT_EQ(cpp_string_literal(std::string("\0"
                                             "1",
                                             2)),
              "\"\\0001\"");
    EXPECT_EQ(cpp_string_literal("\x7f\xc3\xa9"), "\"\\177\\303\\251\"");
}

// Every byte value, and the classic escapes, survive the real compiler exactly.
TEST(CppStringLiteral, RoundTripsEveryByteThroughTheCompiler) {
    std::string all;
    for (int byte = 0; byte < 256; ++byte)
        all += static_cast<char>(byte);
    const std::vector<std::string> samples = {all,
                                              "\"); system(\"rm -rf /\"); //",
                                              "\\\"",
                                              "a\nb",
                                              "*/ /* ?\?= ?\?/ \\",
                                              "\x01"
                                              "7f"};
    std::string program = "#include <cstdio>\n#include <string>\nint main() {\n";
    for (const std::string& sample : samples)
        program += "    { const std::string s(" + cpp_string_literal(sample) + ", " +
                   std::to_string(sample.size()) +
                   "); std::fwrite(s.data(), 1, s.size(), stdout); }\n";
    program += "}\n";
    test::TempDir dir;
    (void)dir.write("round_trip.cpp", program);
    const auto built = test::run(
        {test::cxx(), "-std=c++20", "-Wall", "-Werror", "round_trip.cpp", "-o", "round_trip"},
        dir.path());
    ASSERT_EQ(built.exit_code, 0) << built.output;
    const auto ran = test::run({(dir.path() / "round_trip").string()}, dir.path());
    ASSERT_EQ(ran.exit_code, 0);
    std::string expected;
    for (const std::string& sample : samples)
        expected += sample;
    EXPECT_EQ(ran.output, expected);
}

TEST(CppIdentifier, IsUpperCamelCaseAndAlwaysValid) {
    EXPECT_EQ(cpp_identifier("shop::ApplyCoupon::handle"), "ShopApplyCouponHandle");
    EXPECT_EQ(cpp_identifier("checkout"), "Checkout");
    EXPECT_EQ(cpp_identifier("HTTPServer::get"), "HttpServerGet");
    EXPECT_EQ(cpp_identifier("acme::ledger::v2::account_activity"), "AcmeLedgerV2AccountActivity");
    EXPECT_EQ(cpp_identifier("2fa::verify"), "N2faVerify");
    EXPECT_EQ(cpp_identifier("\"); system(\"x"), "SystemX");
    EXPECT_EQ(cpp_identifier(""), "Unnamed");
    EXPECT_LE(cpp_identifier(std::string(300, 'a')).size(), 64u);
}

TEST(CppCommentText, StaysOnOneLine) {
    EXPECT_EQ(cpp_comment_text("a\nb\\"), "a_b_");
    EXPECT_EQ(cpp_comment_text("shop::ApplyCoupon::handle ×"), "shop::ApplyCoupon::handle ×");
}

TEST(NumberText, SignificantDigits) {
    EXPECT_EQ(significant(0.8105380416180062), "0.811");
    EXPECT_EQ(significant(13.508967360300105), "13.5");
    EXPECT_EQ(significant(245.0), "245");
    EXPECT_EQ(significant(12345.6), "12346");
    EXPECT_EQ(significant(9.1e-05), "0.000091");
    EXPECT_EQ(significant(0.06), "0.06");
    EXPECT_EQ(significant(0), "0");
    EXPECT_EQ(percent_text(0.10752688172043011), "10.8 %");
    EXPECT_EQ(p_value_text(1.0825088224469026e-05), "1.1e-05");
    EXPECT_EQ(p_value_text(0.0123), "0.012");
}

} // namespace
} // namespace medic
