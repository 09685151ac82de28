#pragma once
// Numbers as generated documents and code comments show them: a few significant digits, never
// an exponent for everyday magnitudes, and the same text for the same value on every machine.

#include <string>

namespace medic {

/// `value` with `digits` significant digits, trailing zeros dropped: 0.8105 -> "0.811",
/// 13.509 -> "13.5", 245.0 -> "245", 12345.6 -> "12346" (integers are never cut), 9.1e-05 ->
/// "0.000091". Not finite: "n/a".
std::string significant(double value, int digits = 3);

/// A share as a percentage with three significant digits: 0.1075 -> "10.8 %".
std::string percent_text(double share);

/// A p-value: "1.1e-05" below 0.001, else two significant digits ("0.012", "0.5").
std::string p_value_text(double p);

} // namespace medic
