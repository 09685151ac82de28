#pragma once
// zlib's inflate under a limit: what arrives compressed (a gzip request body, a deflated zip
// entry) is refused once it inflates past what Medic reads, instead of filling memory.

#include "bot/model/result.hpp"

#include <cstddef>
#include <string>
#include <string_view>

namespace medic::serve {

/// How the compressed bytes are framed.
enum class Deflated { gzip, raw };

/// `bytes` inflated; refused past `max_bytes` (invalid_input, "more than N bytes") and when the
/// stream is damaged or ends early. `what` names the input in messages.
Result<std::string> inflate_bounded(std::string_view bytes, Deflated framing, std::size_t max_bytes,
                                    std::string_view what);

} // namespace medic::serve
