#pragma once
// DatabaseTemplate: a configured compile database kept with the repository's and the build
// directory's locations left out, together with the sources the build's code generators wrote
// (protoc's headers, configure_file outputs). A fresh clone of a commit Medic has configured
// before then gets its compile_commands.json and generated headers in milliseconds instead of a
// CMake configure (seconds), and its analysis from the caches that are already warm.

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace medic::code {

/// What a configure of `root` and its code generators can depend on in the repository: every
/// file's path and text (files over 1 MiB by size). Hidden folders and build trees (folders
/// holding a CMakeCache.txt) are skipped.
std::string configure_key(const std::filesystem::path& root);

/// Keeps `build`'s compile_commands.json (configured from `root`) and its `generated` sources
/// (paths relative to `build`) under `key`, unless a template is there already.
void store_database_template(const std::filesystem::path& root, const std::filesystem::path& build,
                             const std::vector<std::string>& generated, const std::string& key);

/// Writes the template stored under `key`, instantiated for `root` and `build`, into `build`
/// (with a marker naming the key); false when there is none.
bool instantiate_database_template(const std::filesystem::path& root,
                                   const std::filesystem::path& build, const std::string& key);

/// The key `build`'s database was instantiated from, when it was.
std::optional<std::string> instantiated_from(const std::filesystem::path& build);

} // namespace medic::code
