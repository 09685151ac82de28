#include "tests/patch/patch_test_support.hpp"

#include "tests/support/temp_dir.hpp"

#include <chrono>
#include <cstdlib>
#include <fstream>
#include <functional>
#include <stdexcept>

namespace medic::test {

namespace fs = std::filesystem;

void write_text(const fs::path& root, std::string_view relative, std::string_view content) {
    auto const full = root / relative;
    fs::create_directories(full.parent_path());
    std::ofstream(full, std::ios::binary) << content;
}

void run_git(const fs::path& dir, std::string_view arguments) {
    std::string const command = "git -C '" + dir.string() +
                                "' -c user.name=Medic -c user.email=medic@example.invalid "
                                "-c commit.gpgsign=false -c init.defaultBranch=main " +
                                std::string(arguments) + " >/dev/null 2>&1";
    if (std::system(command.c_str()) != 0)
        throw std::runtime_error("failed: " + command);
}

std::map<std::string, std::size_t> snapshot(const fs::path& root) {
    std::map<std::string, std::size_t> hashes;
    for (auto const& entry : fs::recursive_directory_iterator(root)) {
        auto const status = entry.symlink_status();
        std::string fingerprint = std::to_string(static_cast<int>(status.permissions()));
        fingerprint.append(1, '|');
        if (fs::is_symlink(status))
            fingerprint.append(fs::read_symlink(entry.path()).string());
        else if (fs::is_regular_file(status))
            fingerprint.append(read_file(entry.path()))
                .append(1, '|')
                .append(std::to_string(entry.last_write_time().time_since_epoch().count()));
        hashes[entry.path().lexically_relative(root).string()] =
            std::hash<std::string>{}(fingerprint);
    }
    return hashes;
}

} // namespace medic::test
