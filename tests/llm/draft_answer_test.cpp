// parse_draft_answer: what it accepts, and error messages good enough to show the model.

#include "generators/llm/draft_answer.hpp"

#include <gtest/gtest.h>

namespace medic::llm {
namespace {

using nlohmann::json;

const std::string k_diff = "--- a/src/a.cpp\n+++ b/src/a.cpp\n@@ -1 +1 @@\n-int a;\n+int b;\n";

std::string answer(json root_cause, json confidence, json diff) {
    return json{{"root_cause", root_cause}, {"confidence", confidence}, {"diff", diff}}.dump();
}

std::string error_of(std::string_view text) {
    const auto parsed = parse_draft_answer(text);
    EXPECT_FALSE(parsed.has_value()) << text;
    return parsed ? "" : parsed.error().message;
}

TEST(DraftAnswer, ReadsAValidAnswer) {
    const auto parsed = parse_draft_answer(answer("A regex per call.", 0.75, k_diff));
    ASSERT_TRUE(parsed.has_value()) << parsed.error().message;
    EXPECT_EQ(parsed->root_cause, "A regex per call.");
    EXPECT_DOUBLE_EQ(parsed->confidence, 0.75);
    EXPECT_EQ(parsed->diff, k_diff);
}

TEST(DraftAnswer, AcceptsAMarkdownFencedAnswer) {
    const auto parsed = parse_draft_answer("```json\n" + answer("Cause.", 1, k_diff) + "\n```\n");
    ASSERT_TRUE(parsed.has_value()) << parsed.error().message;
    EXPECT_DOUBLE_EQ(parsed->confidence, 1.0);
}

TEST(DraftAnswer, ExplainsWhatIsWrong) {
    EXPECT_NE(error_of("Here is my fix: hoist the regex.").find("not JSON"), std::string::npos);
    EXPECT_NE(error_of("[1, 2]").find("not an object"), std::string::npos);
    EXPECT_NE(
        error_of(json{{"root_cause", "x"}, {"confidence", 0.5}}.dump()).find("\"diff\" is missing"),
        std::string::npos);
    EXPECT_NE(error_of(answer("x", 1.5, k_diff)).find("from 0 to 1, not 1.5"), std::string::npos);
    EXPECT_NE(error_of(answer("x", "high", k_diff)).find("\"confidence\""), std::string::npos);
    EXPECT_NE(error_of(answer("", 0.5, k_diff)).find("\"root_cause\""), std::string::npos);
    EXPECT_NE(error_of(answer("x", 0.5, "just change line 4")).find("not a unified diff"),
              std::string::npos);
    EXPECT_NE(error_of(answer("x", 0.5, "")).find("\"diff\" is empty"), std::string::npos);
    json extra = json::parse(answer("x", 0.5, k_diff));
    extra["files"] = json::array();
    EXPECT_NE(error_of(extra.dump()).find("\"files\" is not part"), std::string::npos);
    // Every message restates the expected shape, so the model can correct itself.
    EXPECT_NE(error_of("nope").find("{\"root_cause\": string"), std::string::npos);
}

TEST(DraftAnswer, TheSchemaIsStrictModeCompatible) {
    const json schema = draft_answer_schema();
    EXPECT_EQ(schema["type"], "object");
    EXPECT_EQ(schema["additionalProperties"], false);
    EXPECT_EQ(schema["required"], json({"root_cause", "confidence", "diff"}));
    EXPECT_EQ(schema["properties"].size(), 3u);
}

} // namespace
} // namespace medic::llm
