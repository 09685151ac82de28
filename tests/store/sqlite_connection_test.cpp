// The SQLite back end's parts below the store: prepared statements kept for the next prepare of
// the same text, and the codec that keeps webhook bodies small.

#include "bot/store/payload_codec.hpp"
#include "bot/store/sql_database.hpp"
#include "tests/support/temp_dir.hpp"

#include <gtest/gtest.h>
#include <optional>

namespace medic::store {
namespace {

Database open_database(const test::TempDir& dir) {
    auto database = Database::open_sqlite(dir.path() / "cache.sqlite3");
    if (!database)
        throw std::runtime_error(database.error().message);
    return std::move(*database);
}

std::int64_t single_integer(Statement& statement) {
    auto const row = statement.step();
    EXPECT_TRUE(row && *row);
    return statement.integer(0);
}

TEST(StatementCache, AStatementInUseIsNeverHandedOutTwice) {
    test::TempDir dir;
    auto database = open_database(dir);
    ASSERT_TRUE(database.prepare("SELECT ?1")); // given back at once: one kept
    auto first = database.prepare("SELECT ?1");
    auto second = database.prepare("SELECT ?1");
    ASSERT_TRUE(first && second);
    first->bind(1, std::int64_t{1});
    second->bind(1, std::int64_t{2});
    EXPECT_EQ(single_integer(*first), 1);
    EXPECT_EQ(single_integer(*second), 2);
}

TEST(StatementCache, AKeptStatementStartsOverWithNothingBound) {
    test::TempDir dir;
    auto database = open_database(dir);
    ASSERT_TRUE(database.execute("CREATE TABLE t (n INTEGER); INSERT INTO t VALUES (1), (2)"));
    {
        auto used = database.prepare("SELECT n FROM t WHERE n >= coalesce(?1, 0) ORDER BY n");
        ASSERT_TRUE(used);
        used->bind(1, std::int64_t{2});
        EXPECT_EQ(single_integer(*used), 2); // left in the middle of its rows
    }
    auto again = database.prepare("SELECT n FROM t WHERE n >= coalesce(?1, 0) ORDER BY n");
    ASSERT_TRUE(again);
    EXPECT_EQ(single_integer(*again), 1); // from the first row, ?1 unbound (NULL)
    // A statement given back in the middle of its rows holds no read transaction: a write
    // commits.
    ASSERT_TRUE(database.execute("INSERT INTO t VALUES (3)"));
}

TEST(PayloadCodec, ALargeBodyIsCompressedAndDecodedByteForByte) {
    std::string body = "{\"items\":[";
    for (int i = 0; i < 300; ++i)
        body += "{\"url\":\"https://api.github.com/repos/acme/shop/issues/" + std::to_string(i) +
                "\"},";
    body += "{}]}";
    body += '\0'; // bytes, not text
    auto const stored = encode_payload(body);
    EXPECT_EQ(stored.encoding, k_lz4);
    EXPECT_LT(stored.bytes.size(), body.size() / 4);
    EXPECT_EQ(decode_payload(stored.bytes, stored.encoding, "d"), body);
}

TEST(PayloadCodec, ASmallBodyIsKeptAsItIs) {
    auto const stored = encode_payload(R"({"zen":"Keep it logically awesome."})");
    EXPECT_EQ(stored.encoding, k_identity);
    EXPECT_EQ(stored.bytes, R"({"zen":"Keep it logically awesome."})");
}

TEST(PayloadCodec, BytesThatDoNotDecodeAreAnErrorNamingTheDelivery) {
    for (auto const& [bytes, encoding] : std::initializer_list<std::pair<std::string, std::string>>{
             {"not lz4 at all", "lz4"}, {"{}", "brotli"}}) {
        auto const decoded = decode_payload(bytes, encoding, "d-7");
        ASSERT_FALSE(decoded) << encoding;
        EXPECT_NE(decoded.error().message.find("delivery d-7 is damaged"), std::string::npos)
            << decoded.error().message;
    }
    // A frame that claims more than the limit is refused before anything is allocated.
    auto const stored = encode_payload(std::string(100'000, 'x'));
    auto const bounded = decode_payload(stored.bytes, stored.encoding, "d-8", 1'000);
    ASSERT_FALSE(bounded);
    EXPECT_NE(bounded.error().message.find("100000 bytes"), std::string::npos)
        << bounded.error().message;
}

} // namespace
} // namespace medic::store
