#include "bot/model/anomaly.hpp"

#include "bot/model/enum_names.hpp"
#include "bot/model/stable_hash.hpp"
#include "bot/model/text.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <cstdio>

namespace medic {
namespace {

constexpr std::array<std::string_view, 5> k_kind_names{"slow", "trend", "misordered", "errors",
                                                       "untested"};
constexpr std::array<std::string_view, 4> k_severity_names{"low", "medium", "high", "critical"};

} // namespace

std::string_view to_string(AnomalyKind kind) {
    return name_of(k_kind_names, kind);
}

std::string_view to_string(Severity severity) {
    return name_of(k_severity_names, severity);
}

std::optional<AnomalyKind> parse_anomaly_kind(std::string_view text) {
    return enum_named<AnomalyKind>(k_kind_names, text);
}

std::optional<Severity> parse_severity(std::string_view text) {
    return enum_named<Severity>(k_severity_names, text);
}

bool is_anomaly_id(std::string_view id) {
    constexpr std::size_t k_max_id = 64;
    return !id.empty() && id.size() <= k_max_id && std::ranges::all_of(id, [](char c) {
        return std::isalnum(static_cast<unsigned char>(c)) != 0;
    });
}

Result<void> check_anomaly_id(std::string_view id) {
    if (is_anomaly_id(id))
        return {};
    return fail(ErrorCode::invalid_input,
                "the anomaly id '" + utf8_prefix(id, 80) +
                    "' is not a Medic fingerprint (1 to 64 letters and digits)");
}

std::string hex16(std::uint64_t value) {
    char buffer[17];
    std::snprintf(buffer, sizeof buffer, "%016llx", static_cast<unsigned long long>(value));
    return buffer;
}

std::string anomaly_fingerprint(AnomalyKind kind, std::string_view handler,
                                std::string_view sequence_or_template) {
    std::uint64_t hash = k_fnv1a_offset;
    for (auto const part : {to_string(kind), handler, sequence_or_template})
        hash = fnv1a("\x1f", fnv1a(part, hash)); // unit separator: ("ab","c") != ("a","bc")
    return hex16(hash);
}

} // namespace medic
