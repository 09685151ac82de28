#include "bot/model/time.hpp"

#include <charconv>
#include <cmath>
#include <cstdio>

namespace medic {
namespace {

// Howard Hinnant's days_from_civil: days since 1970-01-01 for a proleptic Gregorian date.
std::int64_t days_from_civil(std::int64_t y, unsigned m, unsigned d) {
    y -= m <= 2;
    std::int64_t const era = (y >= 0 ? y : y - 399) / 400;
    auto const yoe = static_cast<unsigned>(y - era * 400);
    unsigned const doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    unsigned const doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + static_cast<std::int64_t>(doe) - 719468;
}

void civil_from_days(std::int64_t z, int& y, unsigned& m, unsigned& d) {
    z += 719468;
    std::int64_t const era = (z >= 0 ? z : z - 146096) / 146097;
    auto const doe = static_cast<unsigned>(z - era * 146097);
    unsigned const yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    unsigned const doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    unsigned const mp = (5 * doy + 2) / 153;
    d = doy - (153 * mp + 2) / 5 + 1;
    m = mp < 10 ? mp + 3 : mp - 9;
    y = static_cast<int>(static_cast<std::int64_t>(yoe) + era * 400 + (m <= 2));
}

int days_in_month(int year, int month) {
    constexpr int k_days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    bool const leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    return month == 2 && leap ? 29 : k_days[month - 1];
}

/// Reads exactly `width` digits at `pos`; advances `pos`.
bool read_digits(std::string_view text, std::size_t& pos, int width, int& out) {
    if (pos + static_cast<std::size_t>(width) > text.size())
        return false;
    out = 0;
    for (int i = 0; i < width; ++i) {
        char const c = text[pos++];
        if (c < '0' || c > '9')
            return false;
        out = out * 10 + (c - '0');
    }
    return true;
}

bool expect(std::string_view text, std::size_t& pos, char c) {
    return pos < text.size() && text[pos++] == c;
}

/// Reads ".123456" into milliseconds (extra digits are truncated).
int read_fraction_ms(std::string_view text, std::size_t& pos) {
    if (pos >= text.size() || text[pos] != '.')
        return 0;
    ++pos;
    int ms = 0;
    int digits = 0;
    while (pos < text.size() && text[pos] >= '0' && text[pos] <= '9') {
        if (digits < 3)
            ms = ms * 10 + (text[pos] - '0');
        ++digits;
        ++pos;
    }
    for (; digits < 3; ++digits)
        ms *= 10;
    return ms;
}

std::optional<std::int64_t> read_offset_ms(std::string_view text, std::size_t pos) {
    if (pos >= text.size())
        return std::nullopt;
    if ((text[pos] == 'Z' || text[pos] == 'z') && pos + 1 == text.size())
        return 0;
    if (text[pos] != '+' && text[pos] != '-')
        return std::nullopt;
    int const sign = text[pos++] == '-' ? -1 : 1;
    int hours = 0;
    int minutes = 0;
    if (!read_digits(text, pos, 2, hours) || !expect(text, pos, ':') ||
        !read_digits(text, pos, 2, minutes) || pos != text.size())
        return std::nullopt;
    return sign * (hours * 60 + minutes) * 60'000LL;
}

} // namespace

std::optional<std::int64_t> parse_rfc3339_ms(std::string_view text) {
    std::size_t pos = 0;
    int year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0;
    bool const ok = read_digits(text, pos, 4, year) && expect(text, pos, '-') &&
                    read_digits(text, pos, 2, month) && expect(text, pos, '-') &&
                    read_digits(text, pos, 2, day) && pos < text.size() &&
                    (text[pos] == 'T' || text[pos] == 't' || text[pos] == ' ') && ++pos &&
                    read_digits(text, pos, 2, hour) && expect(text, pos, ':') &&
                    read_digits(text, pos, 2, minute) && expect(text, pos, ':') &&
                    read_digits(text, pos, 2, second);
    if (!ok || month < 1 || month > 12 || day < 1 || day > days_in_month(year, month) ||
        hour > 23 || minute > 59 || second > 60)
        return std::nullopt;
    int const ms = read_fraction_ms(text, pos);
    auto const offset = read_offset_ms(text, pos);
    if (!offset)
        return std::nullopt;
    std::int64_t const days =
        days_from_civil(year, static_cast<unsigned>(month), static_cast<unsigned>(day));
    return ((days * 24 + hour) * 60 + minute) * 60'000LL + second * 1000LL + ms - *offset;
}

std::string format_rfc3339_ms(std::int64_t unix_ms) {
    std::int64_t days = unix_ms / 86'400'000;
    std::int64_t rest = unix_ms % 86'400'000;
    if (rest < 0) {
        rest += 86'400'000;
        --days;
    }
    int y = 0;
    unsigned m = 0, d = 0;
    civil_from_days(days, y, m, d);
    char buffer[64];
    std::snprintf(buffer, sizeof buffer, "%04d-%02u-%02uT%02d:%02d:%02d.%03dZ", y, m, d,
                  static_cast<int>(rest / 3'600'000), static_cast<int>(rest / 60'000 % 60),
                  static_cast<int>(rest / 1000 % 60), static_cast<int>(rest % 1000));
    return buffer;
}

std::optional<std::int64_t> parse_duration_ms(std::string_view text) {
    double number = 0;
    auto const [end, ec] = std::from_chars(text.data(), text.data() + text.size(), number);
    if (ec != std::errc{} || number < 0)
        return std::nullopt;
    std::string_view const unit(end, static_cast<std::size_t>(text.data() + text.size() - end));
    double scale = 0;
    if (unit == "ms")
        scale = 1;
    else if (unit == "s")
        scale = 1e3;
    else if (unit == "m" || unit == "min")
        scale = 60e3;
    else if (unit == "h")
        scale = 3600e3;
    else if (unit == "d")
        scale = 86400e3;
    else
        return std::nullopt;
    // Longer than a thousand years is a mistake, and the cast of a larger (or infinite) double
    // would be undefined.
    constexpr double k_longest_ms = 1000 * 365.25 * 86400e3;
    if (!std::isfinite(number) || number * scale > k_longest_ms)
        return std::nullopt;
    return static_cast<std::int64_t>(number * scale);
}

std::string format_duration(double ms) {
    char buffer[48];
    if (ms < 1)
        std::snprintf(buffer, sizeof buffer, "%.3f ms", ms);
    else if (ms < 1000)
        std::snprintf(buffer, sizeof buffer, "%.1f ms", ms);
    else if (ms < 120e3)
        std::snprintf(buffer, sizeof buffer, "%.1f s", ms / 1e3);
    else if (ms < 7200e3)
        std::snprintf(buffer, sizeof buffer, "%.1f min", ms / 60e3);
    else if (ms < 172800e3)
        std::snprintf(buffer, sizeof buffer, "%.1f h", ms / 3600e3);
    else
        std::snprintf(buffer, sizeof buffer, "%.1f days", ms / 86400e3);
    return buffer;
}

} // namespace medic
