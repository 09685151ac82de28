#pragma once
// OpenTelemetry code attributes on the command line: "--code FILE:LINE", and the code.* evidence
// detect copies into a report, turned into the functions they point at.

#include "analyzers/code/locate.hpp"
#include "bot/model/anomaly.hpp"

#include <functional>
#include <map>
#include <string>
#include <string_view>

namespace medic::pipeline {

/// Where a stage's warnings go: a line for people, never fatal (stderr, a log, a report).
using Warn = std::function<void(std::string_view)>;

/// "src/cart.cpp:42" (the path may be absolute, as a build machine saw it) -> a CodePlace.
Result<code::CodePlace> parse_code_place(std::string_view text);

/// Resolves places to functions; failures become warnings, never fatal.
std::vector<code::PlaceMatch> resolve_places(const code::ProjectOptions& project,
                                             const std::vector<code::CodePlace>& places,
                                             const Warn& warn);

/// For anomalies whose evidence holds code.filepath and code.lineno: handler name as telemetry
/// reports it -> the qualified name of the function at that place (only where they differ).
std::map<std::string, std::string>
functions_from_code_attributes(const code::ProjectOptions& project,
                               const std::vector<Anomaly>& anomalies, const Warn& warn);

} // namespace medic::pipeline
