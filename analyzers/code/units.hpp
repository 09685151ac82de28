#pragma once
// Which translation units of a compile database can mention some names (text pre-filter).

#include "analyzers/code/locate.hpp"
#include "bot/model/stable_hash.hpp"

#include <clang/Tooling/CompilationDatabase.h>
#include <memory>
#include <string>
#include <vector>

namespace medic::code {

/// A repository's compile database, found or made (see find_or_make_compile_database), and read.
struct CompileDatabase {
    std::filesystem::path dir;
    std::filesystem::path root; ///< The repository's root (canonical).
    /// Lists the repository's own units only (not generated or vendored ones); answers the
    /// command of any unit.
    std::unique_ptr<clang::tooling::CompilationDatabase> database;
};
Result<CompileDatabase> open_compile_database(const ProjectOptions& options);

/// A unit that can mention the names, with a hash of everything its parse depends on that can
/// change in the repository: its text, the project headers it includes, its command line — with
/// the repository's and the build directory's locations left out, so every clone and worktree of
/// a commit has the same hashes (and shares the analysis caches).
struct CandidateUnit {
    std::string file;
    std::uint64_t content_hash = 0;
};

/// Units whose text, with the project headers they include, spells one of `names` (qualified
/// C++ names; see required_tokens).
std::vector<CandidateUnit> units_mentioning(const CompileDatabase& database,
                                            const std::vector<std::string>& names);

/// `files` (units of `database`) with their content hashes, for caching per-unit results.
std::vector<CandidateUnit> hashed_units(const CompileDatabase& database,
                                        const std::vector<std::string>& files);

/// Units whose own text, or a project header they include (one unit per header), contains one
/// of `needles` verbatim.
std::vector<std::string> units_containing(const clang::tooling::CompilationDatabase& database,
                                          const std::vector<std::string>& needles);

/// The folders a command searches for #include "..." and project headers (-I, -iquote), made
/// absolute against its directory. (-isystem folders hold system headers.)
std::vector<std::filesystem::path> include_dirs_of(const clang::tooling::CompileCommand& command);

/// Just the file names of `units`.
std::vector<std::string> files_of(const std::vector<CandidateUnit>& units);

/// FNV-1a 64 (stable across runs and machines), as the units' cache keys use it.
using medic::fnv1a;

} // namespace medic::code
