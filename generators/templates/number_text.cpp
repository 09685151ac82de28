#include "generators/templates/number_text.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace medic {

namespace {

std::string printf_text(const char* format, int precision, double value) {
    char buffer[64];
    std::snprintf(buffer, sizeof buffer, format, precision, value);
    return buffer;
}

std::string drop_trailing_zeros(std::string text) {
    if (text.find('.') == std::string::npos)
        return text;
    while (text.back() == '0')
        text.pop_back();
    if (text.back() == '.')
        text.pop_back();
    return text;
}

} // namespace

std::string significant(double value, int digits) {
    if (!std::isfinite(value))
        return "n/a";
    if (value == 0)
        return "0";
    const int magnitude = static_cast<int>(std::floor(std::log10(std::fabs(value))));
    const int decimals = std::max(0, digits - 1 - magnitude);
    std::string text = drop_trailing_zeros(printf_text("%.*f", decimals, value));
    return text == "-0" ? "0" : text;
}

std::string percent_text(double share) {
    return significant(share * 100, 3) + " %";
}

std::string p_value_text(double p) {
    if (!std::isfinite(p))
        return "n/a";
    if (p < 1e-3 && p > 0)
        return printf_text("%.*e", 1, p);
    return significant(p, 2);
}

} // namespace medic
