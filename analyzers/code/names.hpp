#pragma once
// How Medic compares C++ names from telemetry with names Clang gives declarations. No Clang.

#include <string>
#include <string_view>

namespace medic::code {

/// "f<a<b>, c>" -> "f": template arguments removed, at any depth.
std::string strip_template_arguments(std::string_view name);

/// A qualified name as Medic matches it: template arguments and "(anonymous namespace)::"
/// dropped ("shop::(anonymous namespace)::f<int>" -> "shop::f").
std::string normalize_name(std::string_view qualified_name);

/// The template arguments of a name as Medic compares them: "<...>" without spaces and without
/// namespace qualifiers ("f<a::b, c::d<e>>" -> "<b,d<e>>"); empty for a name without arguments.
std::string template_arguments_key(std::string_view name);

/// True for files that hold tests: under test/, tests/ or unittests/, or named *_test, test_*
/// or *_tests (a path relative to the repository).
bool is_test_path(const std::string& relative);

} // namespace medic::code
