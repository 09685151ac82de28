#include "bot/model/time.hpp"

#include <gtest/gtest.h>

namespace medic {
namespace {

TEST(Time, ParsesRfc3339WithFractionsAndOffsets) {
    EXPECT_EQ(parse_rfc3339_ms("1970-01-01T00:00:00Z"), 0);
    EXPECT_EQ(parse_rfc3339_ms("2026-11-20T10:00:00.123Z"), 1'795'168'800'123LL);
    EXPECT_EQ(parse_rfc3339_ms("2026-11-20T11:00:00.123456+01:00"), 1'795'168'800'123LL);
    EXPECT_EQ(parse_rfc3339_ms("2026-11-20 10:00:00Z"), 1'795'168'800'000LL);
}

TEST(Time, RejectsWhatIsNotATimestamp) {
    EXPECT_FALSE(parse_rfc3339_ms("2026-13-20T10:00:00Z"));
    EXPECT_FALSE(parse_rfc3339_ms("2026-02-31T10:00:00Z"));
    EXPECT_FALSE(parse_rfc3339_ms("2026-02-29T10:00:00Z"));
    EXPECT_TRUE(parse_rfc3339_ms("2028-02-29T10:00:00Z"));
    EXPECT_FALSE(parse_rfc3339_ms("2026-11-20T10:00:00"));
    EXPECT_FALSE(parse_rfc3339_ms("yesterday"));
    EXPECT_FALSE(parse_rfc3339_ms(""));
}

TEST(Time, FormatsBackToTheSameInstant) {
    EXPECT_EQ(format_rfc3339_ms(1'795'168'800'123LL), "2026-11-20T10:00:00.123Z");
    EXPECT_EQ(format_rfc3339_ms(-1), "1969-12-31T23:59:59.999Z");
}

TEST(Time, ParsesDurations) {
    EXPECT_EQ(parse_duration_ms("10m"), 600'000);
    EXPECT_EQ(parse_duration_ms("1.5s"), 1'500);
    EXPECT_EQ(parse_duration_ms("7d"), 604'800'000);
    EXPECT_FALSE(parse_duration_ms("10"));
    EXPECT_FALSE(parse_duration_ms("ten minutes"));
    // Beyond a thousand years, or not finite: a mistake, and an undefined cast to int64.
    EXPECT_FALSE(parse_duration_ms("1e300d"));
    EXPECT_FALSE(parse_duration_ms("infd"));
    EXPECT_FALSE(parse_duration_ms("nanms"));
    EXPECT_TRUE(parse_duration_ms("36500d"));
}

} // namespace
} // namespace medic
