#pragma once
// HandlerNames: the names one handler is known by besides its id (SPEC "Handler identity") —
// what a tracing UI shows, its protocol's own name for it, and its C++ function.

#include <string>
#include <string_view>
#include <vector>

namespace medic {

/// Every name of one handler that telemetry gave, the first one seen of each kind.
struct HandlerNames {
    std::string span;     ///< The span name a tracing UI shows ("GET /users/{id}").
    std::string route;    ///< http.request.method + http.route ("GET /users/{id}").
    std::string rpc;      ///< "pkg.Service/Method" (rpc.method, or rpc.service + rpc.method).
    std::string topic;    ///< messaging.destination.name.
    std::string function; ///< code.function.name: the qualified C++ function.

    [[nodiscard]] bool empty() const;
    /// Each name that is set, once.
    [[nodiscard]] std::vector<std::string> all() const;
    /// The name people know the handler by: the span name, else the route, RPC or topic.
    [[nodiscard]] const std::string& shown() const;
    /// Fills in, from `other`, the kinds of name these lack.
    void merge(const HandlerNames& other);
};

/// True when `name` is `id` or one of `names`.
bool is_known_as(std::string_view id, const HandlerNames& names, std::string_view name);

/// "GET /users/{id} (api::get_user)": the name people know and, when it differs, the handler
/// id and the function. `id` alone when there are no other names.
std::string describe_handler(std::string_view id, const HandlerNames& names);

} // namespace medic
