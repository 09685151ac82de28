#pragma once
// GET /: the page a person opens to see what the server is doing — the queue and workers, the
// App's installations, Medic's open pull requests with what proved them (and a conflict mark),
// how the closed ones ended (merged per repository: the success rate), and the latest
// deliveries with their jobs, and the live telemetry of each repository with what it showed. Plain
// HTML, no script; every value from the store or a payload is escaped. The same facts are JSON
// under /api/ (api.hpp).

#include "bot/store/store.hpp"

#include <chrono>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

namespace medic::serve {

struct StatusFacts {
    int workers = 0;
    std::chrono::system_clock::time_point now;
    /// Live telemetry per repository, as GET /api/telemetry gives it ({"repositories": [...]}).
    nlohmann::json live = nlohmann::json::object();
};

/// The page; a store that cannot be read is said on the page, section by section.
std::string render_status_page(store::Store& store, const StatusFacts& facts);

/// `text` safe inside HTML text and attribute values.
std::string html_escape(std::string_view text);

} // namespace medic::serve
