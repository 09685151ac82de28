#include "analyzers/code/query_index.hpp"

#include "analyzers/code/names.hpp"

#include <algorithm>
#include <set>

namespace medic::code {
namespace {

const std::vector<std::string> k_none;

void add_unique(std::vector<std::string>& list, const std::string& item) {
    if (std::find(list.begin(), list.end(), item) == list.end())
        list.push_back(item);
}

} // namespace

QueryIndex::QueryIndex(const std::vector<HandlerQuery>& queries) {
    using Kind = NameTarget::Kind;
    for (auto const& query : queries) {
        std::vector<std::string> names{query.handler};
        for (auto const& name : query.names)
            add_unique(names, name);
        for (auto const& name : names)
            for (auto const& target : targets_of(name)) {
                auto const& id = query.handler;
                switch (target.kind) {
                case Kind::function: {
                    auto const normalized = normalize_name(target.text);
                    auto& by_name = normalized.find("::") == std::string::npos
                                        ? m_unqualified[normalized]
                                        : m_functions[normalized];
                    add_unique(by_name, id);
                    break;
                }
                case Kind::lambda:
                    add_unique(m_lambdas[target.text], id);
                    break;
                case Kind::route:
                    m_routes.push_back({id, target.method, target.path});
                    break;
                case Kind::rpc:
                    m_rpcs.push_back({id, target.service, target.rpc_method});
                    break;
                case Kind::key:
                    m_keys.emplace_back(id, target.text);
                    break;
                }
            }
    }
}

const std::vector<std::string>& QueryIndex::by_function(const std::string& normalized) const {
    if (auto const it = m_functions.find(normalized); it != m_functions.end())
        return it->second;
    auto const last = normalized.rfind("::");
    auto const unqualified = last == std::string::npos ? normalized : normalized.substr(last + 2);
    auto const it = m_unqualified.find(unqualified);
    return it == m_unqualified.end() ? k_none : it->second;
}

const std::vector<std::string>& QueryIndex::by_lambda(const std::string& identity) const {
    auto const it = m_lambdas.find(identity);
    return it == m_lambdas.end() ? k_none : it->second;
}

std::vector<QueryMatch> QueryIndex::by_registration(const std::string& key,
                                                    const std::string& method) const {
    std::vector<QueryMatch> matches;
    for (auto const& route : m_routes) {
        if (!key.starts_with("/") || !method_matches(method, route.method) ||
            !route_matches(key, route.path))
            continue;
        int const exact = key == route.path ? 4 : 2;
        int const stated = !method.empty() && !route.method.empty() ? 1 : 0;
        matches.push_back({route.handler, exact + stated});
    }
    for (auto const& [handler, wanted] : m_keys)
        if (key == wanted)
            matches.push_back({handler, 4});
    return matches;
}

std::vector<std::string> QueryIndex::by_rpc(const std::string& method) const {
    std::vector<std::string> ids;
    auto const slash = method.find('/');
    auto const service = method.substr(0, slash);
    auto const name = method.substr(slash + 1);
    for (auto const& rpc : m_rpcs)
        if (rpc.method == name && (rpc.service == service || service.ends_with("." + rpc.service)))
            add_unique(ids, rpc.handler);
    return ids;
}

std::vector<std::string> QueryIndex::by_test_literal(const std::string& literal) const {
    std::vector<std::string> ids;
    for (auto const& route : m_routes)
        if (literal.starts_with("/") && route_matches(route.path, literal))
            add_unique(ids, route.handler);
    for (auto const& [handler, key] : m_keys)
        if (literal == key)
            add_unique(ids, handler);
    return ids;
}

std::vector<std::string> QueryIndex::function_matchers() const {
    std::vector<std::string> names;
    for (auto const& [normalized, ids] : m_functions)
        names.push_back("::" + normalized);
    for (auto const& [name, ids] : m_unqualified)
        names.push_back(name);
    return names;
}

std::vector<std::string> QueryIndex::function_names() const {
    std::vector<std::string> names;
    for (auto const* functions : {&m_functions, &m_unqualified})
        for (auto const& [normalized, ids] : *functions)
            names.push_back(normalized);
    return names;
}

std::vector<std::string> QueryIndex::fragments() const {
    std::set<std::string> fragments;
    for (auto const& route : m_routes)
        fragments.insert(route_fragment(route.path));
    for (auto const& [handler, key] : m_keys)
        fragments.insert(key);
    for (auto const& rpc : m_rpcs)
        fragments.insert(rpc.method);
    return {fragments.begin(), fragments.end()};
}

std::vector<std::string> QueryIndex::lambda_files() const {
    std::set<std::string> files;
    for (auto const& [identity, ids] : m_lambdas)
        files.insert(lambda_file(identity));
    return {files.begin(), files.end()};
}

} // namespace medic::code
