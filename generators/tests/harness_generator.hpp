#pragma once
// generate_harness: the Medic harness `medic init --harness` writes for a repository that has
// none (contract: templates/README.md) — rendered from templates/harness/ for what Medic found in
// the code: cpp-httplib routes, gRPC services, plain handler functions — with its CMake target,
// the hook that builds it, and the harness keys of .github/medic.yml.

#include "bot/model/entry_points.hpp"
#include "bot/model/result.hpp"
#include "generators/templates/template_dirs.hpp"
#include "generators/tests/test_generator.hpp"

#include <optional>
#include <string>
#include <vector>

namespace medic {

/// What the harness is written from, and the files it changes as they are now.
struct HarnessRequest {
    EntryPoints entry_points;
    std::string project; ///< The CMake project's name.
    std::string directory = "tests/medic_harness";
    std::optional<std::string> cmake_lists; ///< The top-level CMakeLists.txt.
    std::optional<std::string> medic_yml;   ///< .github/medic.yml, when there is one.
};

/// The files to write (relative to the repository root) and what they do and do not cover.
struct GeneratedHarness {
    std::vector<GeneratedFile> files;
    std::string target;                ///< The harness's CMake target.
    std::vector<std::string> covers;   ///< One line per thing the harness calls.
    std::vector<std::string> problems; ///< What it cannot call, and why.
};

/// The harness; invalid_input (listing the problems) when nothing the code offers can be called.
Result<GeneratedHarness> generate_harness(const HarnessRequest& request,
                                          const TemplateDirs& templates);

} // namespace medic
