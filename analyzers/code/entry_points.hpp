#pragma once
// Where a repository's handlers can be reached from a test (`medic init --harness`): functions
// that install cpp-httplib routes, classes that implement gRPC services, and plain handler
// functions with the fields of their request types. Clang-free header.

#include "analyzers/code/locate.hpp"
#include "bot/model/entry_points.hpp"

namespace medic::code {

/// Reads the units that can install routes or implement services, and the definitions of
/// `plain` (located handlers to call as plain functions). What cannot be used — routes installed
/// in main(), a setup function no header declares, a streaming RPC — is a problem, with why.
Result<EntryPoints> find_entry_points(const ProjectOptions& options,
                                      const std::vector<CodeSite>& plain = {});

} // namespace medic::code
