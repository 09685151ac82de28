#pragma once
// `medic serve` as a library call, so the CLI stays flags and printing: the store in the state
// directory, the workers, the HTTP server, and a graceful stop on SIGTERM or SIGINT (stop
// accepting, let each worker finish its job, close the store).

#include "bot/http/curl_http_client.hpp"
#include "bot/model/result.hpp"
#include "bot/serve/serve_settings.hpp"
#include "bot/serve/workers.hpp"

#include <functional>

namespace medic::serve {

/// Serves until SIGTERM or SIGINT; `on_listening` gets the port once requests are accepted.
/// Errors: the state directory or the store cannot be opened, or the address cannot be bound.
Result<void> serve_until_signalled(const ServeSettings& settings, const http::CurlGlobal& curl,
                                   const Log& log,
                                   const std::function<void(int port)>& on_listening);

} // namespace medic::serve
