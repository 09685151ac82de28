#include "bot/model/run_report.hpp"

#include <algorithm>
#include <array>

namespace medic {
namespace {

constexpr std::array<std::string_view, 7> k_status_names{
    "published", "validated", "not validated", "held", "no draft", "covered", "failed"};

} // namespace

std::string_view to_string(FixStatus status) {
    return k_status_names[static_cast<std::size_t>(status)];
}

std::optional<FixStatus> parse_fix_status(std::string_view text) {
    auto const found = std::find(k_status_names.begin(), k_status_names.end(), text);
    if (found == k_status_names.end())
        return std::nullopt;
    return static_cast<FixStatus>(found - k_status_names.begin());
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
