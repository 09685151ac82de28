// Reading a report out of a workflow artifact's zip: stored and deflated entries, and every way
// an archive can be wrong refused with a reason — never a read out of bounds or a bomb inflated.

#include "bot/serve/zip_archive.hpp"
#include "tests/support/zip_writer.hpp"

#include <gtest/gtest.h>

namespace medic::serve {
namespace {

using test::zip_archive;

TEST(ZipArchive, ReadsStoredAndDeflatedFiles) {
    std::string const report = R"({"schema":"medic.anomaly-report/v1","anomalies":[]})";
    auto const archive = zip_archive(
        {{"logs/", ""}, {"report.json", report}, {"notes.txt", std::string(5000, 'n'), false}});
    auto const names = zip_file_names(archive);
    ASSERT_TRUE(names) << names.error().message;
    EXPECT_EQ(*names, (std::vector<std::string>{"report.json", "notes.txt"}));
    EXPECT_EQ(*zip_file(archive, "report.json", 1 << 20), report);
    EXPECT_EQ(*zip_file(archive, "notes.txt", 1 << 20), std::string(5000, 'n'));
    auto const missing = zip_file(archive, "other.json", 1 << 20);
    ASSERT_FALSE(missing);
    EXPECT_EQ(missing.error().code, ErrorCode::not_found);
}

TEST(ZipArchive, RefusesWhatItCannotReadSafely) {
    auto const bomb = zip_archive({{"a.json", std::string(4 << 20, ' ')}});
    EXPECT_LT(bomb.size(), 64u << 10);
    auto const inflated = zip_file(bomb, "a.json", 1 << 20);
    ASSERT_FALSE(inflated);
    EXPECT_NE(inflated.error().message.find("over"), std::string::npos);
    test::ZipEntry encrypted{"a.json", "{}", false, 1};
    EXPECT_NE(zip_file(zip_archive({encrypted}), "a.json", 100).error().message.find("encrypted"),
              std::string::npos);
    test::ZipEntry bzip2{"a.json", "{}", false, 0, 12};
    EXPECT_NE(zip_file(zip_archive({bzip2}), "a.json", 100).error().message.find("method 12"),
              std::string::npos);
    EXPECT_FALSE(zip_file_names("PK\x03\x04 not really"));
    EXPECT_FALSE(zip_file_names(""));
}

TEST(ZipArchive, EveryCutOrFlippedByteIsAnErrorOrTheRightBytes) {
    std::string const content = R"({"anomalies":[{"id":"69ecf7a193c7dde9"}]})";
    auto const archive = zip_archive({{"report.json", content}, {"b.txt", "bbbb", false}});
    for (std::size_t cut = 0; cut < archive.size(); ++cut) {
        auto const read = zip_file(archive.substr(0, cut), "report.json", 1 << 16);
        EXPECT_TRUE(!read || *read == content) << "cut at " << cut;
    }
    for (std::size_t at = 0; at < archive.size(); ++at) {
        auto damaged = archive;
        damaged[at] = static_cast<char>(damaged[at] ^ 0x5a);
        auto const read = zip_file(damaged, "report.json", 1 << 16);
        (void)zip_file_names(damaged);
        EXPECT_TRUE(!read || read->size() <= 1 << 16) << "byte " << at;
    }
}

} // namespace
} // namespace medic::serve
