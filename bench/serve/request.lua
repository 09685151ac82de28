-- wrk script of bench/serve: the same signed body every time, each request with a delivery id of
-- its own (as GitHub sends them), so a durable receiver records every one.
-- Environment: BENCH_BODY (a file), BENCH_SIGNATURE (its X-Hub-Signature-256).
local file = assert(io.open(os.getenv("BENCH_BODY"), "rb"))
local body = file:read("*a")
file:close()
local signature = os.getenv("BENCH_SIGNATURE")
local counter = 0
local thread_tag = ""

function setup(thread)
  thread:set("thread_tag", tostring(math.random(1, 1e9)))
end

function request()
  counter = counter + 1
  return wrk.format("POST", "/webhook", {
    ["Content-Type"] = "application/json",
    ["User-Agent"] = "GitHub-Hookshot/bench",
    ["X-GitHub-Event"] = "pull_request",
    ["X-GitHub-Delivery"] = "bench-" .. thread_tag .. "-" .. counter,
    ["X-Hub-Signature-256"] = signature,
  }, body)
end
