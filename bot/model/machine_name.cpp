#include "bot/model/machine_name.hpp"

#include <array>
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

} // namespace medic
