#pragma once
// The validation side of the documents: the verdict, the commands it ran, the generated tests'
// stability and the before/after benchmark with its chart.

#include "generators/docs/doc_generator.hpp"

#include <kainjow/mustache.hpp>
#include <string>

namespace medic {

/// Sets the validation variables of the documents' view (listed in templates/README.md).
void set_validation_view(kainjow::mustache::data& view, const DocRequest& request);

/// A duration in nanoseconds with a fitting unit and three significant digits ("245 µs").
std::string duration_text(double ns);

/// "2.31× faster (−57 %)" or "1.2× slower (+20 %)": the speedup and the change in time.
std::string speedup_text(double speedup);

} // namespace medic
