#pragma once
// The checks every drafted diff passes before anyone sees it, whoever wrote it (a rule or a
// model): it is a unified diff, it touches only allowed paths, and it applies to the files as
// they are now (in a scratch repository; the checkout is never written).

#include "bot/git/parsed_diff.hpp"

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace medic::patch {

/// The parsed diff when all three checks pass; else the first failure, worded for a person and
/// for a model asked to correct its answer.
Result<git::ParsedDiff> vet_diff(const std::filesystem::path& repo, std::string_view diff,
                                 const std::vector<std::string>& allowed,
                                 const std::vector<std::string>& vendored = {});

} // namespace medic::patch
