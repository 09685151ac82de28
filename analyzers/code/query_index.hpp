#pragma once
// What a set of HandlerQuery asks the code for, indexed for the locate pass: functions by
// normalized name, lambdas by identity, routes, keys and RPC methods by what registers them,
// and the text a unit must contain to be worth parsing. No Clang here.

#include "analyzers/code/locate.hpp"

#include <map>
#include <string>
#include <vector>

namespace medic::code {

/// A query a registration answers, and how well (an exact literal beats a route pattern; a
/// registration that states the wanted method beats one that does not).
struct QueryMatch {
    std::string handler;
    int score = 0;
};

class QueryIndex {
public:
    explicit QueryIndex(const std::vector<HandlerQuery>& queries);

    /// Handler ids known by this function (normalized: see normalize_name).
    [[nodiscard]] const std::vector<std::string>& by_function(const std::string& normalized) const;
    /// Handler ids known by this lambda identity.
    [[nodiscard]] const std::vector<std::string>& by_lambda(const std::string& identity) const;
    /// Handler ids a registration of `key` (a route pattern or a literal) for `method` answers.
    [[nodiscard]] std::vector<QueryMatch> by_registration(const std::string& key,
                                                          const std::string& method) const;
    /// Handler ids a gRPC override answers ("pkg.Service/Method").
    [[nodiscard]] std::vector<std::string> by_rpc(const std::string& method) const;
    /// Handler ids whose route or key a string literal in a test spells ("/items/42").
    [[nodiscard]] std::vector<std::string> by_test_literal(const std::string& literal) const;

    /// The functions asked for by name, qualified with a leading "::" for hasAnyName.
    [[nodiscard]] std::vector<std::string> function_matchers() const;
    [[nodiscard]] bool wants_registrations() const { return !m_routes.empty() || !m_keys.empty(); }
    [[nodiscard]] bool wants_rpcs() const { return !m_rpcs.empty(); }
    [[nodiscard]] bool wants_lambdas() const { return !m_lambdas.empty(); }

    /// Function names the pre-filter looks for (see units_mentioning).
    [[nodiscard]] std::vector<std::string> function_names() const;
    /// Text a unit must contain to register a wanted route, key or RPC method.
    [[nodiscard]] std::vector<std::string> fragments() const;
    /// Repository files that hold wanted lambdas.
    [[nodiscard]] std::vector<std::string> lambda_files() const;

private:
    struct Route {
        std::string handler, method, path;
    };
    struct Rpc {
        std::string handler, service, method;
    };
    std::map<std::string, std::vector<std::string>> m_functions; ///< normalized -> ids
    /// Unqualified names ("validate", as a span may name its function) -> ids: they match the
    /// function of that name in any namespace or class.
    std::map<std::string, std::vector<std::string>> m_unqualified;
    std::map<std::string, std::vector<std::string>> m_lambdas; ///< identity -> ids
    std::vector<Route> m_routes;
    std::vector<std::pair<std::string, std::string>> m_keys; ///< (id, key)
    std::vector<Rpc> m_rpcs;
};

} // namespace medic::code
