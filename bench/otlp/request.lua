-- wrk script of bench/otlp: the same OTLP/JSON traces export every time, as an SDK's exporter
-- sends a batch. Environment: BENCH_BODY (a file), BENCH_TOKEN (the repository's token).
local file = assert(io.open(os.getenv("BENCH_BODY"), "rb"))
local body = file:read("*a")
file:close()
local token = os.getenv("BENCH_TOKEN")

function request()
  return wrk.format("POST", "/v1/traces", {
    ["Content-Type"] = "application/json",
    ["Authorization"] = "Bearer " .. token,
  }, body)
end
