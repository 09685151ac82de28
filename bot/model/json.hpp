#pragma once
// JSON (de)serialisation of every model struct, so each stage can be run alone and replayed.

#include "bot/model/anomaly.hpp"
#include "bot/model/code.hpp"
#include "bot/model/config.hpp"
#include "bot/model/draft.hpp"
#include "bot/model/finding.hpp"
#include "bot/model/result.hpp"
#include "bot/model/run_report.hpp"
#include "bot/model/telemetry.hpp"
#include "bot/model/verdict.hpp"

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

namespace nlohmann {
/// std::optional as "absent or null".
template <typename T>
struct adl_serializer<std::optional<T>> {
    static void to_json(json& j, const std::optional<T>& value) {
        if (value)
            j = *value;
        else
            j = nullptr;
    }
    static void from_json(const json& j, std::optional<T>& value) {
        if (j.is_null())
            value.reset();
        else
            value = j.get<T>();
    }
};
} // namespace nlohmann

namespace medic {

void to_json(nlohmann::json& j, const AnomalyKind& kind);
void from_json(const nlohmann::json& j, AnomalyKind& kind);
void to_json(nlohmann::json& j, const Severity& severity);
void from_json(const nlohmann::json& j, Severity& severity);
void to_json(nlohmann::json& j, const PublishMode& mode);
void to_json(nlohmann::json& j, const Strategy& strategy);
void from_json(const nlohmann::json& j, Strategy& strategy);
void from_json(const nlohmann::json& j, PublishMode& mode);
void to_json(nlohmann::json& j, const FixStatus& status);
void from_json(const nlohmann::json& j, FixStatus& status);
void to_json(nlohmann::json& j, const QuantileSketch& sketch);
void from_json(const nlohmann::json& j, QuantileSketch& sketch);

#define MEDIC_DECLARE_JSON(Type)                                                                   \
    void to_json(nlohmann::json& j, const Type& value);                                            \
    void from_json(const nlohmann::json& j, Type& value)

MEDIC_DECLARE_JSON(CodeLocation);
MEDIC_DECLARE_JSON(HandlerNames);
MEDIC_DECLARE_JSON(WindowStats);
MEDIC_DECLARE_JSON(ExampleInput);
MEDIC_DECLARE_JSON(HandlerStats);
MEDIC_DECLARE_JSON(SequenceOrder);
MEDIC_DECLARE_JSON(SequenceStats);
MEDIC_DECLARE_JSON(ErrorTemplate);
MEDIC_DECLARE_JSON(MalformedLine);
MEDIC_DECLARE_JSON(SourceStats);
MEDIC_DECLARE_JSON(IngestStats);
MEDIC_DECLARE_JSON(TelemetrySummary);
MEDIC_DECLARE_JSON(Anomaly);
MEDIC_DECLARE_JSON(AnomalyReport);
MEDIC_DECLARE_JSON(LatencyBudget);
MEDIC_DECLARE_JSON(HandlerConfig);
MEDIC_DECLARE_JSON(TelemetryConfig);
MEDIC_DECLARE_JSON(SlowDetectConfig);
MEDIC_DECLARE_JSON(TrendDetectConfig);
MEDIC_DECLARE_JSON(MisorderedDetectConfig);
MEDIC_DECLARE_JSON(ErrorsDetectConfig);
MEDIC_DECLARE_JSON(UntestedDetectConfig);
MEDIC_DECLARE_JSON(DetectConfig);
MEDIC_DECLARE_JSON(CodeConfig);
MEDIC_DECLARE_JSON(FixConfig);
MEDIC_DECLARE_JSON(LlmConfig);
MEDIC_DECLARE_JSON(MedicConfig);
MEDIC_DECLARE_JSON(SourceRange);
MEDIC_DECLARE_JSON(RegistrationSite);
MEDIC_DECLARE_JSON(Callee);
MEDIC_DECLARE_JSON(BenchmarkSite);
MEDIC_DECLARE_JSON(CodeSite);
MEDIC_DECLARE_JSON(SourceExcerpt);
MEDIC_DECLARE_JSON(PatchDraft);
MEDIC_DECLARE_JSON(TextSpan);
MEDIC_DECLARE_JSON(SequenceElement);
MEDIC_DECLARE_JSON(SequenceSite);
MEDIC_DECLARE_JSON(MessageSite);
MEDIC_DECLARE_JSON(FixIt);
MEDIC_DECLARE_JSON(Finding);
MEDIC_DECLARE_JSON(CheckInfo);
MEDIC_DECLARE_JSON(HarnessConfig);
MEDIC_DECLARE_JSON(GenerateConfig);
MEDIC_DECLARE_JSON(ValidateConfig);
MEDIC_DECLARE_JSON(AutoMergeConfig);
MEDIC_DECLARE_JSON(PublishConfig);
MEDIC_DECLARE_JSON(GitHubConfig);
MEDIC_DECLARE_JSON(CommandRecord);
MEDIC_DECLARE_JSON(BenchmarkComparison);
MEDIC_DECLARE_JSON(Verdict);
MEDIC_DECLARE_JSON(PullRequestRecord);
MEDIC_DECLARE_JSON(FixRecord);
MEDIC_DECLARE_JSON(RunReport);

#undef MEDIC_DECLARE_JSON

/// JSON text of `json` (`indent` < 0: one line). Bytes that are not UTF-8 — a Latin-1 build log,
/// a string cut inside a character — become U+FFFD instead of an exception: every document Medic
/// writes goes through here, so no output is ever lost to one bad byte.
std::string to_json_text(const nlohmann::json& json, int indent = -1);

/// Whether JSON text nests objects and arrays deeper than `limit` (a scan, no recursion: text
/// 100,000 levels deep must not reach a recursive parser or copy).
bool nests_deeper_than(std::string_view json_text, std::size_t limit);

/// A member read for what it is, never thrown over (any JSON, any shape): the text of a string
/// member, else `fallback` — absent, null, another type, or `json` not an object.
std::string text_of(const nlohmann::json& json, const char* key, std::string fallback = {});

/// The same for a boolean member.
bool flag_of(const nlohmann::json& json, const char* key, bool fallback = false);

/// The same for an integer member (a fraction or a value beyond 64 bits is `fallback` too).
std::int64_t integer_of(const nlohmann::json& json, const char* key, std::int64_t fallback = 0);

/// A member that is an object, else an empty object: nested reads never throw either.
const nlohmann::json& object_of(const nlohmann::json& json, const char* key);

/// A member that is an array, else an empty array.
const nlohmann::json& array_of(const nlohmann::json& json, const char* key);

/// The strings of an array member (other items, and anything not an array, are left out).
std::vector<std::string> texts_of(const nlohmann::json& json, const char* key);

/// Converts a JSON value into T, turning every shape problem into an invalid_input Error.
template <typename T>
Result<T> from_json_value(const nlohmann::json& json, std::string_view what) {
    try {
        return json.get<T>();
    } catch (const nlohmann::json::exception& error) {
        return fail(ErrorCode::invalid_input, std::string(what) + " is not valid: " + error.what());
    }
}

/// Deeper than any document Medic reads or writes: refused before it reaches a parser (a
/// parsed value is copied and destroyed recursively).
inline constexpr std::size_t k_max_json_depth = 256;

/// Another program's JSON answer as a value, or null when it is empty, not JSON, or nests
/// deeper than k_max_json_depth (readers then see "absent" through text_of and the rest).
nlohmann::json parse_json_or_null(std::string_view text);

/// Parses JSON text into T, turning every parse or shape problem into an invalid_input Error.
/// Text nested deeper than any document Medic writes is refused before it is parsed.
template <typename T>
Result<T> from_json_text(std::string_view text, std::string_view what) {
    constexpr std::size_t k_max_depth = k_max_json_depth;
    if (nests_deeper_than(text, k_max_depth))
        return fail(ErrorCode::invalid_input, std::string(what) + " nests deeper than " +
                                                  std::to_string(k_max_depth) + " levels");
    try {
        return from_json_value<T>(nlohmann::json::parse(text), what);
    } catch (const nlohmann::json::exception& error) {
        return fail(ErrorCode::invalid_input, std::string(what) + " is not valid: " + error.what());
    }
}

} // namespace medic
