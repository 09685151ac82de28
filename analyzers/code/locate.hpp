#pragma once
// The locate stage (SPEC "Locate"): handler names in, compiler-accurate places out.
// This header is Clang-free on purpose: only analyzers/code's sources include Clang, so the
// rest of Medic builds and tests fast (ARCHITECTURE.md).

#include "bot/model/code.hpp"
#include "bot/model/result.hpp"

#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace medic::code {

class ParsedUnits; // parsed_units.hpp: the ASTs one run keeps between its Clang passes

/// Keeps a run's parsed units in memory, up to a quarter of the machine's memory (at most
/// 4 GiB), so each unit is parsed once per run however many passes need it.
std::shared_ptr<ParsedUnits> keep_parsed_units();

/// Which repository to read and how.
struct ProjectOptions {
    std::filesystem::path repo;
    /// Where compile_commands.json is; empty: <repo>, <repo>/build, else Medic configures CMake
    /// into its cache (~/.cache/medic/build-<hash>) to produce one.
    std::filesystem::path build_dir;
    unsigned jobs = 0;                                 ///< Parallel parsers; 0 = one per core.
    std::function<void(std::string_view)> on_progress; ///< Optional status line.
    /// How many calls deep to list a handler's callees (1 = the functions it calls itself).
    unsigned callee_depth = 3;
    /// Folders of vendored code besides submodules and build trees (code.vendored).
    std::vector<std::string> vendored = {"third_party/", "vendor/", "external/", "_deps/"};
    /// The units parsed so far, shared by every pass given these options (and their copies).
    std::shared_ptr<ParsedUnits> parsed = keep_parsed_units();
};

/// One handler to find: its id as telemetry names it, and its other names (span, route, RPC
/// method, topic, function — see HandlerNames). Each name says where to look: a function by
/// name, a route, topic or key by the registration that names it, an RPC by the override of the
/// generated service method, a lambda ("lambda at FILE:LINE:COL") by its place.
struct HandlerQuery {
    std::string handler;
    std::vector<std::string> names;
};

/// How parsing went: what was skipped by the pre-filter, what failed to parse.
struct ParseReport {
    std::size_t units_total = 0;       ///< Translation units in the compile database.
    std::size_t units_parsed = 0;      ///< Units that could mention the handlers.
    std::size_t units_cached = 0;      ///< Of those, answered from the cache (unchanged since).
    std::vector<std::string> problems; ///< Units with errors (results from them are partial).
};

struct LocateResult {
    std::vector<CodeSite> sites; ///< One per handler found, in the order asked.
    std::vector<std::string> not_found;
    ParseReport report;
};

/// Finds each handler's definition, registration sites, callees and the test files calling it,
/// by any of its names. A handler registered as a lambda is located as that lambda (its site's
/// qualified_name is "lambda at FILE:LINE:COL"); one registered by function name, as that
/// function wherever it is defined. Sites come back under the ids asked for, one per query, so
/// several handlers that share a function each get their own.
Result<LocateResult> locate_handlers(const ProjectOptions& options,
                                     const std::vector<HandlerQuery>& queries);

/// The same for handlers known by one name each (a qualified C++ name, a route, ...).
Result<LocateResult> locate_handlers(const ProjectOptions& options,
                                     const std::vector<std::string>& handlers);

/// A sequence to find: its name and the handlers that are its steps (any order).
struct SequenceQuery {
    std::string name;
    std::vector<std::string> steps;
};

/// Finds where each sequence's order is declared: an initializer list, a chain of calls
/// (`.then("a").then("b")`) or consecutive calls (`p.step("a"); p.step("b");`) whose elements
/// name the steps by route (from their registrations) or by function. One site per sequence
/// found, the best match (most steps, near the sequence's name).
Result<std::vector<SequenceSite>> locate_sequences(const ProjectOptions& options,
                                                   const std::vector<SequenceQuery>& sequences);

/// Finds, for each error-message template (Drain's, with `<*>` for variable parts), the call or
/// construction whose string literals contain the template's constant parts in order, e.g.
/// format("no shipping zone for country '{}' (order {})", ...) or cat("no ", a, " rate for ", b).
/// One site per template found (the one matching most of its text).
Result<std::vector<MessageSite>> locate_messages(const ProjectOptions& options,
                                                 const std::vector<std::string>& patterns);

/// What OpenTelemetry's `code.*` span attributes say: a file (as the build machine saw it,
/// often absolute) and a line inside the function that made the span.
struct CodePlace {
    std::string filepath;
    std::int64_t lineno = 0;
};

/// The function a CodePlace points into.
struct PlaceMatch {
    CodePlace place;      ///< As asked.
    std::string file;     ///< The repository file it resolved to (longest matching path suffix).
    std::string function; ///< Qualified name of the innermost named function containing the line.
    SourceRange definition;
};

/// Resolves each place to the repository file whose path ends the same way, then to the
/// innermost function definition (lambdas belong to their enclosing function) containing the
/// line. Places that resolve to no file or no function are left out of the answer.
Result<std::vector<PlaceMatch>> functions_at(const ProjectOptions& options,
                                             const std::vector<CodePlace>& places);

} // namespace medic::code
