#include "analyzers/code/database_template.hpp"

#include "analyzers/code/project.hpp"
#include "analyzers/code/units.hpp"
#include "bot/model/text.hpp"
#include "bot/model/text_file.hpp"

#include <algorithm>
#include <cstdio>
#include <unistd.h>
#include <vector>

namespace medic::code {
namespace {

namespace fs = std::filesystem;

constexpr std::string_view k_repo_mark = "@MEDIC_REPO@";
constexpr std::string_view k_build_mark = "@MEDIC_BUILD@";
constexpr const char* k_marker = "medic-database-template";

std::string read_whole(const fs::path& path) {
    return read_text_file(path).value_or("");
}

constexpr std::uintmax_t k_hashed_file_limit = 1 << 20;

fs::path template_dir(const std::string& key) {
    return medic_cache_dir() / "databases" / key;
}

} // namespace

std::string configure_key(const fs::path& root) {
    std::vector<std::string> entries;
    std::error_code error;
    fs::recursive_directory_iterator it(root, fs::directory_options::skip_permission_denied, error);
    for (; !error && it != fs::recursive_directory_iterator(); it.increment(error)) {
        auto const& path = it->path();
        bool const hidden = path.filename().string().starts_with(".");
        if (it->is_directory(error) && (hidden || fs::exists(path / "CMakeCache.txt"))) {
            it.disable_recursion_pending();
            continue;
        }
        if (hidden || !it->is_regular_file(error))
            continue;
        auto entry = path.lexically_relative(root).string();
        auto const size = it->file_size(error);
        entry += "\x1f" + (size > k_hashed_file_limit ? std::to_string(size) : read_whole(path));
        entries.push_back(std::move(entry));
    }
    std::sort(entries.begin(), entries.end());
    auto hash = fnv1a("configure-v2");
    for (auto const& entry : entries)
        hash = fnv1a(entry, fnv1a("\x1e", hash));
    char key[24];
    std::snprintf(key, sizeof key, "%016llx", static_cast<unsigned long long>(hash));
    return key;
}

void store_database_template(const fs::path& root, const fs::path& build,
                             const std::vector<std::string>& generated, const std::string& key) {
    auto const target = template_dir(key);
    auto const database = read_whole(build / "compile_commands.json");
    if (database.empty() || fs::exists(target))
        return;
    // Assembled aside and renamed into place whole: a reader sees all of a template or none.
    auto const staging = fs::path(target.string() + ".tmp." + std::to_string(::getpid()));
    std::error_code error;
    fs::create_directories(staging / "generated", error);
    for (auto const& file : generated) {
        fs::create_directories((staging / "generated" / file).parent_path(), error);
        fs::copy_file(build / file, staging / "generated" / file,
                      fs::copy_options::overwrite_existing, error);
        if (error)
            break;
    }
    // The build directory first: it may lie inside the repository.
    if (!error && write_text_file(staging / "compile_commands.json",
                                  replace_all(replace_all(database, build.string(), k_build_mark),
                                              root.string(), k_repo_mark)))
        fs::rename(staging, target, error);
    fs::remove_all(staging, error);
}

bool instantiate_database_template(const fs::path& root, const fs::path& build,
                                   const std::string& key) {
    auto const source = template_dir(key);
    auto const stored = read_whole(source / "compile_commands.json");
    if (stored.empty())
        return false;
    std::error_code error;
    fs::copy(source / "generated", build,
             fs::copy_options::recursive | fs::copy_options::overwrite_existing, error);
    if (error)
        return false;
    static_cast<void>(replace_text_file(build / "compile_commands.json",
                                        replace_all(replace_all(stored, k_repo_mark, root.string()),
                                                    k_build_mark, build.string())));
    static_cast<void>(replace_text_file(build / k_marker, key));
    return true;
}

std::optional<std::string> instantiated_from(const fs::path& build) {
    if (!fs::exists(build / k_marker))
        return std::nullopt;
    return read_whole(build / k_marker);
}

} // namespace medic::code
