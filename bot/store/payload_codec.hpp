#pragma once
// Internal to medic_store: how a delivery's body is kept. GitHub's payloads repeat their URLs
// and objects: LZ4 keeps bench/serve's 21 KB pull_request event in 2.6 KB, at about 4 GB/s
// (zstd at level 1 keeps it in 1.9 KB, but took 18 % of the server's CPU there). The row then
// fits in a page of the table instead of spilling into five overflow pages, which SQLite wrote
// to its log, synced, and copied again at each checkpoint.

#include "bot/model/result.hpp"

#include <string>
#include <string_view>

namespace medic::store {

/// A body as stored, and the encoding that reads it back (the deliveries' payload_encoding).
struct StoredPayload {
    std::string bytes;
    std::string_view encoding; ///< k_identity or k_lz4.
};

inline constexpr std::string_view k_identity = "identity";
/// An LZ4 frame that gives its content's size and checksum.
inline constexpr std::string_view k_lz4 = "lz4";

/// `body` compressed when that makes it smaller (bodies under 512 bytes are kept as they are).
StoredPayload encode_payload(std::string_view body);

/// The body again; an error naming the delivery when `bytes` do not decode as `encoding` says
/// (a damaged row), or would grow past `limit` bytes.
Result<std::string> decode_payload(std::string bytes, std::string_view encoding,
                                   std::string_view delivery_id,
                                   std::size_t limit = std::size_t{256} << 20);

} // namespace medic::store
