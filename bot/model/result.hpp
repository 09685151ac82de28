#pragma once
// Result<T> and Error: how every stage reports failure (see ARCHITECTURE.md, "Errors").

#include <expected>
#include <string>
#include <string_view>
#include <utility>

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

/// Declares `name` as the Result `expression` gives and, when that is an error, returns the error
/// from the enclosing function (which must return a Result): the one spelling of "stop on the
/// first failure". Use `*name` / `name->` afterwards.
///     MEDIC_TRY(worktree, ValidationWorktree::open(repo, path));
#define MEDIC_TRY(name, ...)                                                                       \
    auto name = (__VA_ARGS__);                                                                     \
    if (!name)                                                                                     \
    return std::unexpected(std::move(name).error())

/// Returns the error of `expression` (a Result whose value is not needed) from the enclosing
/// function; goes on when it succeeded. One statement (a do-while), so an `else` after it in an
/// unbraced `if` belongs to that `if`, never to the macro's own.
///     MEDIC_RETURN_IF_ERROR(worktree->reset_to(commit));
#define MEDIC_RETURN_IF_ERROR(...)                                                                 \
    do {                                                                                           \
        if (auto medic_result_ = (__VA_ARGS__); !medic_result_)                                    \
            return std::unexpected(std::move(medic_result_).error());                              \
    } while (false)
