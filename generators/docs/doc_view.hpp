#pragma once
// The one Mustache view every template in templates/docs/ is rendered with (the variables are
// listed in templates/README.md). Numbers are formatted and untrusted text made safe here, so
// the templates only lay out.

#include "generators/docs/doc_generator.hpp"

#include <kainjow/mustache.hpp>
#include <string>

namespace medic {

/// The documents' view of `request`; invalid_input when the anomaly id or a configured path is
/// unusable (see generated_names).
Result<kainjow::mustache::data> doc_view(const DocRequest& request);

/// The commands a reviewer runs to see the fix for themselves: fetch the branch, configure,
/// build, test, and run the generated tests and benchmark alone.
std::string reproduce_commands(const DocRequest& request, std::string_view branch);

} // namespace medic
