// Change fingerprints: the same change is recognised wherever its base put it, and a change a
// reviewer rejected is refused with the reason.

#include "bot/model/draft.hpp"

#include <gtest/gtest.h>

namespace medic {
namespace {

constexpr const char* k_hoist = "--- a/src/cart.cpp\n"
                                "+++ b/src/cart.cpp\n"
                                "@@ -56,7 +56,7 @@ ApplyCouponResponse ApplyCoupon::handle(\n"
                                "     for (const CartLine& line : request.lines) {\n"
                                "-        const std::regex sku_format(R\"(x)\");\n"
                                "+        static const std::regex sku_format(R\"(x)\");\n"
                                "         std::smatch parts;\n";

TEST(ChangeFingerprint, IgnoresWhereTheChangeIsAndItsContext) {
    std::string moved = k_hoist;
    moved.replace(moved.find("@@ -56,7 +56,7 @@"), 17, "@@ -61,8 +61,8 @@");
    moved.replace(moved.find("    for (const"), 14, "    // edited\n");
    EXPECT_EQ(change_fingerprint(k_hoist), change_fingerprint(moved));
    std::string crlf;
    for (char const c : std::string(k_hoist))
        crlf += c == '\n' ? std::string("\r\n") : std::string(1, c);
    EXPECT_EQ(change_fingerprint(k_hoist), change_fingerprint(crlf));
    EXPECT_EQ(change_fingerprint(k_hoist).size(), 16u);
}

TEST(ChangeFingerprint, TellsOtherChangesAndOtherFilesApart) {
    std::string other_line = k_hoist;
    other_line.replace(other_line.find("+        static"), 15, "+        thread_local static");
    EXPECT_NE(change_fingerprint(k_hoist), change_fingerprint(other_line));
    std::string other_file = k_hoist;
    other_file.replace(other_file.find("b/src/cart.cpp"), 14, "b/src/shop.cpp");
    EXPECT_NE(change_fingerprint(k_hoist), change_fingerprint(other_file));
}

TEST(Rejection, OfAChangeAReviewerClosedSaysWhyAndOthersPass) {
    PatchDraft draft;
    draft.diff = k_hoist;
    DraftRequest request;
    EXPECT_FALSE(rejection_of(draft, request));
    request.rejected_changes[change_fingerprint(k_hoist)] =
        "pull request #3, closed at @bob's request";
    EXPECT_EQ(rejection_of(draft, request),
              "the same change as pull request #3, closed at @bob's request: never proposed "
              "again");
    draft.diff += "+        // and a comment\n";
    EXPECT_FALSE(rejection_of(draft, request));
}

} // namespace
} // namespace medic
