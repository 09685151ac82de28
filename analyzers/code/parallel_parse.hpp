#pragma once
// Parses translation units on several threads, one ClangTool per unit, so a unit that fails
// is known by name and the others still count (ClangTool itself is single-threaded). A unit an
// earlier pass of the same run parsed is matched on its kept AST instead (ParsedUnits).

#include "analyzers/code/locate.hpp"
#include "analyzers/code/units.hpp"

#include <clang/ASTMatchers/ASTMatchFinder.h>
#include <filesystem>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace medic::code {

/// The per-unit work: matchers to run, and what to do with the results.
class UnitJob {
public:
    virtual ~UnitJob() = default;
    virtual void add_matchers(clang::ast_matchers::MatchFinder& finder) = 0;
    /// Called under a lock once the unit is parsed; `problem` is empty when it parsed cleanly.
    virtual void merge(const std::string& problem) = 0;
};

struct ParallelParse {
    std::filesystem::path database_dir;
    std::vector<CandidateUnit> units;
    /// Jobs, progress, and the units kept between passes.
    const ProjectOptions& options;
    std::function<std::unique_ptr<UnitJob>(const std::string& unit)> make_job;
};

/// Runs every unit; returns one problem line per unit that did not parse cleanly.
std::vector<std::string> parse_in_parallel(const ParallelParse& parse);

} // namespace medic::code
