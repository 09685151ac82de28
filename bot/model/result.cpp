#include "bot/model/result.hpp"

namespace medic {

std::string_view to_string(ErrorCode code) {
    switch (code) {
    case ErrorCode::unavailable:
        return "unavailable";
    case ErrorCode::rate_limited:
        return "rate_limited";
    case ErrorCode::invalid_input:
        return "invalid_input";
    case ErrorCode::not_found:
        return "not_found";
    case ErrorCode::conflict:
        return "conflict";
    case ErrorCode::internal:
        return "internal";
    }
    return "internal";
}

bool is_retryable(ErrorCode code) {
    return code == ErrorCode::unavailable || code == ErrorCode::rate_limited ||
           code == ErrorCode::conflict;
}

} // namespace medic
