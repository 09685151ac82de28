#pragma once
// EntryPoints: where a repository's handlers can be reached from a test, as `medic init
// --harness` needs to know it: the functions that install HTTP routes on a server, the classes
// that implement gRPC services, and plain handler functions with their request types.

#include <string>
#include <vector>

namespace medic {

/// A parameter the harness must pass: made once, default-constructed, and kept for the process.
struct HarnessParameter {
    std::string type; ///< Fully qualified, without reference or const.
    bool default_constructible = false;
    bool is_server = false; ///< The framework's server object the routes are installed on.
};

/// A function that installs routes on a cpp-httplib server: `void f(httplib::Server&, State&)`.
struct RouteSetup {
    std::string function;    ///< Qualified name.
    std::string declared_in; ///< The repository header that declares it (relative path).
    std::string unit;        ///< The source file that defines it (relative path).
    std::vector<HarnessParameter> parameters;
    std::vector<std::string> routes; ///< "GET /search", as registered.
};

/// One method of a gRPC service implementation.
struct RpcEntry {
    std::string rpc;                      ///< "depot.Inventory/Reserve".
    std::string method;                   ///< "Reserve".
    std::string request_type, reply_type; ///< Qualified message types.
};

/// A class that implements a generated gRPC service.
struct ServiceClass {
    std::string class_name;  ///< Qualified.
    std::string declared_in; ///< The repository header that declares it.
    std::string unit;
    std::vector<HarnessParameter>
        constructor; ///< Of its public constructor with fewest parameters.
    std::vector<RpcEntry> methods;
};

/// A field of a plain handler's request type that recorded inputs can fill.
struct RequestField {
    std::string name;
    std::string kind; ///< "string", "integer", "real", "bool".
    std::string type; ///< As declared, for conversions.
};

/// A handler that is a plain function: `R f(const Request&)` (or no parameter).
struct PlainHandler {
    std::string handler;  ///< As telemetry names it.
    std::string function; ///< Qualified.
    std::string declared_in;
    std::string unit;
    std::string request_type; ///< Empty: the function takes no parameter.
    std::vector<RequestField> fields;
    bool returns_bool = false; ///< Its result says whether it served the request.
};

/// Everything `find_entry_points` saw, and what it could not use (each a sentence).
struct EntryPoints {
    std::vector<RouteSetup> http;
    std::vector<ServiceClass> grpc;
    std::vector<PlainHandler> functions;
    std::vector<std::string> problems;
    /// CMake targets that compile the units above (from compile_commands.json), to link.
    std::vector<std::string> targets;
};

} // namespace medic
