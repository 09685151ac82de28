// Fuzz target: a unified diff as a model or a person writes it, parsed and vetted against the
// path policy (a diff's paths must never leave the allowed set).
#include "bot/git/parsed_diff.hpp"
#include "generators/patch/path_policy.hpp"

#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    auto const diff =
        medic::git::parse_diff(std::string_view(reinterpret_cast<const char*>(data), size));
    if (diff)
        static_cast<void>(medic::patch::check_paths(*diff, {"src/", "include/app.hpp"}, {}));
    return 0;
}
