#pragma once
// GitHub's webhook signature: X-Hub-Signature-256 is "sha256=" and the lowercase hex HMAC-SHA256
// of the raw body under the webhook secret. Verified in constant time over the exact bytes
// received (never a re-serialised JSON), as GitHub's "Validating webhook deliveries" asks.

#include <string>
#include <string_view>

namespace medic::github {

/// The X-Hub-Signature-256 value GitHub sends for `body` under `secret`.
std::string webhook_signature(std::string_view secret, std::string_view body);

/// True when `header` is exactly the signature of `body` under `secret`. The comparison takes
/// the same time wherever the first differing byte is; an empty secret verifies nothing.
bool verify_webhook_signature(std::string_view secret, std::string_view body,
                              std::string_view header);

} // namespace medic::github
