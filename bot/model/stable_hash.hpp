#pragma once
// FNV-1a 64: the one hash Medic keeps on disk and shows people (anomaly fingerprints, cache keys,
// delivery ids, change fingerprints) — stable across runs, platforms and Medic versions, unlike
// std::hash.

#include <cstdint>
#include <string>
#include <string_view>

namespace medic {

inline constexpr std::uint64_t k_fnv1a_offset = 0xcbf29ce484222325ULL;

/// FNV-1a 64 of `text`, continuing from `seed` (chain calls to hash several parts).
constexpr std::uint64_t fnv1a(std::string_view text, std::uint64_t seed = k_fnv1a_offset) {
    for (unsigned char const c : text) {
        seed ^= c;
        seed *= 0x100000001b3ULL;
    }
    return seed;
}

/// `value` as 16 lower-case hexadecimal digits.
std::string hex16(std::uint64_t value);

} // namespace medic
