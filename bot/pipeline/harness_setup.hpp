#pragma once
// `medic init --harness`: what the harness of a repository calls (the cpp-httplib route
// installers, gRPC services and, given handlers, plain functions its code has), generated from
// the templates, and written into the repository when the caller decides to.

#include "bot/model/result.hpp"
#include "generators/tests/harness_generator.hpp"

#include <filesystem>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace medic::pipeline {

/// Where to look and what else to call.
struct HarnessSetup {
    std::filesystem::path repo;
    std::string build_dir;             ///< Empty: found or configured (analyzers/code).
    std::string anomalies;             ///< A report whose plain-function handlers get a call.
    std::vector<std::string> handlers; ///< More plain-function handlers.
    std::string templates;             ///< Medic's templates folder; empty: the default.
    std::vector<std::string> vendored; ///< Folders that are not the repository's own code.
};

/// The harness files for the repository, with what they call and what they could not.
Result<GeneratedHarness> make_harness(const HarnessSetup& setup,
                                      const std::function<void(std::string_view)>& progress);

/// The harness's main file in `repo`: present means the repository has a harness.
std::filesystem::path harness_source(const std::filesystem::path& repo);

/// Writes every file of `harness` into `repo` (folders created); an error names the file.
Result<void> write_harness(const std::filesystem::path& repo, const GeneratedHarness& harness);

} // namespace medic::pipeline
