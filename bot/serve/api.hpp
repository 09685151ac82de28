#pragma once
// The server's JSON API, read by people, scripts and the status page: what the store holds, as
// answers built from a query's parameters (no HTTP here: server.cpp routes to them).
//   GET /api/deliveries?limit=N            newest deliveries with their job's state and outcome
//   GET /api/jobs?limit=N&state=S          newest jobs: attempts, worker, lease, times, outcome
//   GET /api/pull-requests                 Medic's open pull requests and the recorded outcomes

#include "bot/store/store.hpp"

#include <map>
#include <nlohmann/json.hpp>
#include <string>

namespace medic::serve {

struct ApiAnswer {
    int status = 200;
    nlohmann::json body;
};

using QueryParameters = std::map<std::string, std::string, std::less<>>;

ApiAnswer deliveries_answer(store::Store& store, const QueryParameters& query);
ApiAnswer jobs_answer(store::Store& store, const QueryParameters& query);
ApiAnswer pull_requests_answer(store::Store& store, const QueryParameters& query);

} // namespace medic::serve
