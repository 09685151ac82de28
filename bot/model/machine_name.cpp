#include "bot/model/machine_name.hpp"

#include <array>
#include <charconv>
#include <unistd.h>

namespace medic {

std::string machine_name() {
    std::array<char, 256> host{};
    if (::gethostname(host.data(), host.size() - 1) != 0)
        host = {'m', 'e', 'd', 'i', 'c'};
    std::string name(host.data());
    // The link reads "pid:[4026531836]".
    std::array<char, 64> link{};
    auto const length = ::readlink("/proc/self/ns/pid", link.data(), link.size() - 1);
    std::string const target(link.data(), length > 0 ? static_cast<std::size_t>(length) : 0);
    auto const open = target.find('[');
    auto const close = target.find(']');
    if (open != std::string::npos && close != std::string::npos && close > open + 1)
        name += "~" + target.substr(open + 1, close - open - 1);
    return name;
}

std::optional<long> pid_on_machine(std::string_view name, std::string_view machine) {
    auto const colon = name.rfind(':');
    if (colon == std::string_view::npos || name.substr(0, colon) != machine)
        return std::nullopt;
    auto const digits = name.substr(colon + 1);
    long pid = 0;
    auto const [end, error] = std::from_chars(digits.data(), digits.data() + digits.size(), pid);
    if (error != std::errc() || end == digits.data() || pid <= 0 ||
        end == digits.data() + digits.size() || *end != '-')
        return std::nullopt;
    return pid;
}

} // namespace medic
