#pragma once
// The JSON Web Token a GitHub App signs to authenticate as the app itself (RS256), which it then
// trades for installation tokens (github/app_auth.hpp).

#include "bot/model/result.hpp"

#include <chrono>
#include <string>
#include <string_view>

namespace medic::github {

/// How far `iat` is backdated: GitHub recommends 60 s to absorb clock drift between machines.
inline constexpr std::chrono::seconds k_jwt_backdate{60};
/// How far ahead `exp` lies: GitHub refuses more than 10 minutes; 9 leaves room for drift.
inline constexpr std::chrono::seconds k_jwt_lifetime{9 * 60};

/// Signs {"iat": now − 60 s, "exp": now + 9 min, "iss": app_id} with the app's RSA key (PKCS#1
/// or PKCS#8 PEM). `iss` is a JSON number for a numeric app id and a string for a client id.
/// A key that is not an unencrypted RSA private key is ErrorCode::invalid_input.
Result<std::string> make_app_jwt(std::string_view app_id, std::string_view private_key_pem,
                                 std::chrono::system_clock::time_point now);

/// Base64url without padding (RFC 7515 §2), the encoding of every JWT part.
std::string base64url_encode(std::string_view bytes);

} // namespace medic::github
