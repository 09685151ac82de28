#pragma once
// The Mustache view of templates/tests/: names, the harness, and recorded production calls as
// C++ string literals (the variables are listed in templates/README.md).

#include "generators/tests/generated_names.hpp"
#include "generators/tests/test_generator.hpp"

#include <kainjow/mustache.hpp>
#include <string>
#include <vector>

namespace medic {

/// The order a `misordered` test expects: the request's, else the anomaly's evidence.
std::vector<std::string> expected_order_of(const TestRequest& request);

/// The view every test template is rendered with.
kainjow::mustache::data test_view(const TestRequest& request, const GeneratedNames& names);

} // namespace medic
