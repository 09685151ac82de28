// Fuzz target: a CODEOWNERS file, and its patterns matched against a few paths.
#include "github/codeowners.hpp"

#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    auto const owners = medic::github::CodeOwners::parse(
        std::string_view(reinterpret_cast<const char*>(data), size));
    for (auto const* path : {"src/cart.cpp", "docs/a/b.md", ".github/medic.yml", "x"})
        static_cast<void>(owners.owners_of(path));
    return 0;
}
