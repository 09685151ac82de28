#include "bot/model/run_report.hpp"

#include "bot/model/enum_names.hpp"

#include <algorithm>
#include <array>

namespace medic {
namespace {

constexpr std::array<std::string_view, 7> k_status_names{
    "published", "validated", "not validated", "held", "no draft", "covered", "failed"};

} // namespace

std::string_view to_string(FixStatus status) {
    return name_of(k_status_names, status);
}

std::optional<FixStatus> parse_fix_status(std::string_view text) {
    return enum_named<FixStatus>(k_status_names, text);
}

bool is_settled(FixStatus status) {
    return status == FixStatus::published || status == FixStatus::validated ||
           status == FixStatus::held || status == FixStatus::covered;
}

double command_seconds_of(const std::vector<FixRecord>& fixes) {
    double total = 0;
    for (auto const& fix : fixes)
        total += fix.verdict ? fix.verdict->command_seconds : 0;
    return total;
}

} // namespace medic
