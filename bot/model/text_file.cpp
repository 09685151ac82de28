#include "bot/model/text_file.hpp"

#include <fstream>
#include <sstream>
#include <unistd.h>

namespace medic {

std::optional<std::string> read_text_file(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in)
        return std::nullopt;
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

Result<void> write_text_file(const std::filesystem::path& path, std::string_view text) {
    std::error_code error;
    if (path.has_parent_path())
        std::filesystem::create_directories(path.parent_path(), error);
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out.write(text.data(), static_cast<std::streamsize>(text.size()));
    out.close();
    if (!out)
        return fail(ErrorCode::unavailable, path.string() + ": cannot write (is the disk full, or "
                                                            "the folder read-only?)");
    return {};
}

Result<void> replace_text_file(const std::filesystem::path& path, std::string_view text) {
    auto const temporary = path.string() + ".tmp." + std::to_string(::getpid());
    std::error_code error;
    if (auto written = write_text_file(temporary, text); !written) {
        std::filesystem::remove(temporary, error);
        return written;
    }
    std::filesystem::rename(temporary, path, error);
    if (error)
        return fail(ErrorCode::unavailable, path.string() + ": cannot replace: " + error.message());
    return {};
}

} // namespace medic
