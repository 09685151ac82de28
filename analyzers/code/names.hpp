#pragma once
// How Medic compares C++ names from telemetry with names Clang gives declarations. No Clang.

#include <string>
#include <string_view>
#include <vector>

namespace medic::code {

/// "f<a<b>, c>" -> "f": template arguments removed, at any depth.
std::string strip_template_arguments(std::string_view name);

/// A qualified name as Medic matches it: template arguments and "(anonymous namespace)::"
/// dropped ("shop::(anonymous namespace)::f<int>" -> "shop::f").
std::string normalize_name(std::string_view qualified_name);

/// The template arguments of a name as Medic compares them: "<...>" without spaces and without
/// namespace qualifiers ("f<a::b, c::d<e>>" -> "<b,d<e>>"); empty for a name without arguments.
std::string template_arguments_key(std::string_view name);

/// What one of a handler's names asks the code for (SPEC "Handler identity"). A name can ask
/// for several things: "search" may be a function or a registration key.
struct NameTarget {
    enum class Kind { function, lambda, route, rpc, key };
    Kind kind = Kind::function;
    std::string text;   ///< function: qualified name; lambda: its identity; key: the literal.
    std::string method; ///< route: "GET", or empty for any method.
    std::string path;   ///< route: "/items/{id}" as telemetry spells it.
    std::string service, rpc_method; ///< rpc: "depot.Inventory", "Reserve".
};

/// The targets a name can stand for: "GET /items/{id}" a route, "pkg.Svc/Method" an RPC,
/// "lambda at src/api.cpp:12:5" a lambda, "shop::Search::handle" a function (and a key),
/// anything else a registration key ("orders.create", "process orders.created").
std::vector<NameTarget> targets_of(std::string_view name);

/// True when a route pattern written in the code serves `path` as telemetry names it: the same
/// segments, where a placeholder on either side ({id}, :id, <int>) or a regular expression in the
/// code ((\d+)) stands for one segment and a trailing *, <path> or (.*) for the rest.
bool route_matches(std::string_view pattern, std::string_view path);

/// True when a registration for `registered` ("" when the code does not say) serves `wanted`
/// ("" for any), ignoring case.
bool method_matches(std::string_view registered, std::string_view wanted);

/// True for GET, POST, PUT, DELETE, PATCH, HEAD, OPTIONS (any case), and DEL as cpprest spells it.
bool is_http_method(std::string_view word);

/// Text a file that registers the route must contain: its longest literal segment.
std::string route_fragment(std::string_view path);

/// "lambda at src/api.cpp:12:5": how Medic names a lambda (repository-relative file, line and
/// column of its introducer), since it has no name of its own.
std::string lambda_identity(std::string_view file, unsigned line, unsigned column);
bool is_lambda_identity(std::string_view name);
/// The file of a lambda identity ("src/api.cpp").
std::string lambda_file(std::string_view identity);

/// True for files that hold tests: under test/, tests/ or unittests/, or named *_test, test_*
/// or *_tests (a path relative to the repository).
bool is_test_path(const std::string& relative);

} // namespace medic::code
