#include "analyzers/telemetry/line_reader.hpp"
#include "tests/support/temp_dir.hpp"

#include <gtest/gtest.h>

namespace medic::telemetry {
namespace {

/// Reads every line of `content` with a tiny chunk, so lines cross buffer refills.
std::vector<std::string> lines_of(std::string_view content, std::size_t chunk, std::size_t max_line,
                                  std::vector<bool>* too_long = nullptr) {
    test::TempDir dir;
    auto input = InputStream::open(dir.write("in.txt", content));
    EXPECT_TRUE(input);
    LineReader reader(*input, chunk, max_line);
    std::vector<std::string> lines;
    while (auto line = reader.next()) {
        // The padding promise simdjson relies on: these bytes must be readable.
        EXPECT_GE(line->readable, line->text.size() + LineReader::k_padding);
        lines.emplace_back(line->text);
        if (too_long != nullptr)
            too_long->push_back(line->too_long);
    }
    EXPECT_FALSE(reader.error());
    return lines;
}

TEST(LineReader, LinesCrossingChunkBoundariesArriveWhole) {
    std::string content;
    std::vector<std::string> expected;
    for (int i = 0; i < 200; ++i) {
        expected.push_back("line " + std::to_string(i) + std::string(i % 37, 'x'));
        content += expected.back() + "\n";
    }
    EXPECT_EQ(lines_of(content, 16, 1024), expected);
}

TEST(LineReader, CrLfAndAMissingFinalNewline) {
    EXPECT_EQ(lines_of("a\r\nb\r\nlast", 4, 64), (std::vector<std::string>{"a", "b", "last"}));
    EXPECT_EQ(lines_of("", 4, 64), std::vector<std::string>{});
    EXPECT_EQ(lines_of("\n\n", 4, 64), (std::vector<std::string>{"", ""}));
}

TEST(LineReader, ALineOverTheLimitIsSkippedAndTheNextOneIsRead) {
    std::vector<bool> too_long;
    auto const lines = lines_of("ok\n" + std::string(100, 'y') + "\nafter\n", 8, 32, &too_long);
    ASSERT_EQ(lines.size(), 3u);
    EXPECT_EQ(lines[0], "ok");
    EXPECT_TRUE(too_long[1]);
    EXPECT_EQ(lines[2], "after");
}

} // namespace
} // namespace medic::telemetry
