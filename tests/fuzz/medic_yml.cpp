// Fuzz target: .github/medic.yml.
#include "bot/config/config_loader.hpp"

#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    static_cast<void>(medic::parse_config(
        std::string_view(reinterpret_cast<const char*>(data), size), "medic.yml"));
    return 0;
}
