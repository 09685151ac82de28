#pragma once
// How the runner finds a program and wraps a command in bubblewrap: pure functions over paths
// and strings, so the policy can be read (and tested) apart from fork and exec.

#include "bot/model/process.hpp"

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace medic::process {

/// The absolute file execvp would run for `program`: searched on `path_variable` (":"-separated,
/// an empty entry meaning the working directory) unless it has a slash; relative paths are
/// taken from `cwd`. Resolved here because execvp reads the parent's PATH, not the child's.
std::optional<std::filesystem::path> find_program(const std::string& program,
                                                  std::string_view path_variable,
                                                  const std::filesystem::path& cwd);

/// `environment` ("NAME=value" entries) with each of `overrides` replacing or adding its name.
std::vector<std::string>
merged_environment(std::vector<std::string> environment,
                   const std::vector<std::pair<std::string, std::string>>& overrides);

/// The value of `name` in `environment`, or nullopt.
std::optional<std::string_view> environment_value(const std::vector<std::string>& environment,
                                                  std::string_view name);

/// The argv that runs `spec` (its argv[0] resolved to `program`) in `cwd` inside bubblewrap
/// without network: the whole file system as is when spec.writable_paths is empty, otherwise
/// read-only except those paths and a private /tmp.
std::vector<std::string> bwrap_command(const std::filesystem::path& bwrap, const CommandSpec& spec,
                                       const std::filesystem::path& program,
                                       const std::filesystem::path& cwd);

} // namespace medic::process
