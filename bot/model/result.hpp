#pragma once
// Result<T> and Error: how every stage reports failure (see ARCHITECTURE.md, "Errors").

#include <expected>
#include <string>
#include <string_view>

namespace medic {

/// Why something failed, phrased so a caller can decide whether a retry can help.
enum class ErrorCode {
    unavailable,   ///< A service or file is not reachable right now; retrying may help.
    rate_limited,  ///< The other side asked us to slow down; retry after waiting.
    invalid_input, ///< The input is wrong; retrying the same input cannot help.
    not_found,     ///< What was asked for does not exist.
    conflict,      ///< The state changed underneath us (e.g. a ref moved).
    internal,      ///< A bug in Medic; please report it.
};

/// A failure with a message that tells a person what to do next.
struct Error {
    ErrorCode code = ErrorCode::internal;
    std::string message;
};

template <typename T>
using Result = std::expected<T, Error>;

/// Shorthand for returning a failure from a function that returns Result<T>.
inline std::unexpected<Error> fail(ErrorCode code, std::string message) {
    return std::unexpected<Error>(Error{code, std::move(message)});
}

/// The stable lower-case name of an error code, as written in JSON and logs.
std::string_view to_string(ErrorCode code);

/// True when retrying the same operation later can succeed.
bool is_retryable(ErrorCode code);

} // namespace medic
