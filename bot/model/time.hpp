#pragma once
// Timestamps and durations as they appear in telemetry and configuration.

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace medic {

/// A time point as Unix milliseconds, and back: how the store, the API and GitHub's times meet.
inline std::int64_t unix_ms(std::chrono::system_clock::time_point at) {
    return std::chrono::duration_cast<std::chrono::milliseconds>(at.time_since_epoch()).count();
}
inline std::chrono::system_clock::time_point time_at_unix_ms(std::int64_t ms) {
    return std::chrono::system_clock::time_point(std::chrono::milliseconds(ms));
}

/// Parses RFC 3339 / ISO 8601 ("2026-11-20T10:00:00.123Z", "+01:00" offsets) to Unix ms.
std::optional<std::int64_t> parse_rfc3339_ms(std::string_view text);

/// Formats Unix ms as "2026-11-20T10:00:00.123Z".
std::string format_rfc3339_ms(std::int64_t unix_ms);

/// Parses "500ms", "30s", "10m", "24h", "7d" to milliseconds.
std::optional<std::int64_t> parse_duration_ms(std::string_view text);

/// Formats milliseconds the way a person reads them: "850 ms", "12.5 s", "3.2 h", "2.1 days".
std::string format_duration(double ms);

} // namespace medic
