#include "generators/llm/llm_client.hpp"

#include "bot/model/result.hpp"
#include "bot/model/retry.hpp"
#include "generators/llm/wire_json.hpp"

#include <chrono>
#include <cstdlib>
#include <random>

namespace medic::llm {

using nlohmann::json;

namespace {

constexpr std::string_view k_hidden = "[REDACTED]";

std::optional<std::string> process_environment(const std::string& name) {
    const char* value = std::getenv(name.c_str());
    if (value == nullptr)
        return std::nullopt;
    return std::string(value);
}

Result<std::string> read_api_key(const LlmConfig& config, const EnvironmentLookup& environment) {
    if (config.api_key_env.empty())
        return std::string();
    auto value = environment(config.api_key_env);
    if (!value || value->empty())
        return fail(ErrorCode::invalid_input,
                    "the environment variable " + config.api_key_env +
                        " (llm.api_key_env) is not set; export the " + config.provider +
                        " API key in it, or set llm.api_key_env: \"\" for a local server "
                        "that needs no key");
    return std::move(*value);
}

Result<void> check_config(const LlmConfig& config) {
    if (!config.base_url.starts_with("http://") && !config.base_url.starts_with("https://"))
        return fail(ErrorCode::invalid_input,
                    "llm.base_url \"" + config.base_url + "\" must start with http:// or https://");
    if (config.model.empty())
        return fail(ErrorCode::invalid_input, "llm.model is empty; name the model to ask");
    if (config.max_output_tokens == 0)
        return fail(ErrorCode::invalid_input, "llm.max_output_tokens must be at least 1");
    return {};
}

http::RetryPolicy retry_policy(const LlmConfig& config, std::uint64_t seed,
                               const LlmClientOptions& options) {
    using std::chrono::milliseconds;
    http::RetryPolicy policy;
    policy.max_retries = config.max_retries;
    policy.initial_backoff = milliseconds(static_cast<std::int64_t>(config.backoff_s * 1000));
    policy.max_backoff = milliseconds(static_cast<std::int64_t>(config.max_backoff_s * 1000));
    policy.jitter_seed = seed;
    policy.clock = options.clock;
    return policy;
}

// A recorded body: JSON when it parses (readable in the PR evidence), text otherwise.
json recorded_body(const std::string& text) {
    json parsed = parse_or_null(text);
    return parsed.is_null() && !text.empty() ? json(text) : parsed;
}

ErrorCode code_for_status(int status) {
    if (status == 429)
        return ErrorCode::rate_limited;
    if (status == 408 || status >= 500)
        return ErrorCode::unavailable;
    if (status == 404)
        return ErrorCode::not_found;
    return ErrorCode::invalid_input;
}

std::string advice_for_status(int status, const LlmConfig& config) {
    if (status == 401 || status == 403)
        return "; check the key in " + config.api_key_env;
    if (status == 404)
        return "; check llm.base_url and llm.model";
    if (status == 429 || status == 408 || status >= 500)
        return "; the provider is busy: try again later or raise llm.max_retries";
    return "";
}

} // namespace

Result<LlmClient> LlmClient::create(const LlmConfig& config, HttpClient& http, Sleeper& sleeper,
                                    LlmClientOptions options) {
    MEDIC_RETURN_IF_ERROR(check_config(config));
    MEDIC_TRY(protocol, make_chat_protocol(config.provider));
    if (!options.environment)
        options.environment = process_environment;
    MEDIC_TRY(key, read_api_key(config, options.environment));
    return LlmClient(config, http, sleeper, std::move(*protocol), std::move(*key),
                     std::move(options));
}

LlmClient::LlmClient(const LlmConfig& config, HttpClient& http, Sleeper& sleeper,
                     std::unique_ptr<ChatProtocol> protocol, std::string api_key,
                     LlmClientOptions options)
    : m_config(config), m_http(&http), m_sleeper(&sleeper), m_protocol(std::move(protocol)),
      m_api_key(std::move(api_key)), m_options(std::move(options)),
      m_next_seed(m_options.jitter_seed ? *m_options.jitter_seed : std::random_device{}()) {}

Result<LlmReply> LlmClient::complete(const LlmPrompt& prompt) {
    if (m_tokens_spent >= m_config.max_tokens_per_run)
        return fail(ErrorCode::invalid_input,
                    "the LLM token budget for this run is spent (" +
                        std::to_string(m_tokens_spent) + " tokens of llm.max_tokens_per_run = " +
                        std::to_string(m_config.max_tokens_per_run) +
                        "); raise llm.max_tokens_per_run in .github/medic.yml to allow more");
    const RequestSettings settings{
        m_config.base_url,          m_config.model,       m_api_key,
        m_config.max_output_tokens, m_config.temperature, m_config.timeout_s};
    const HttpRequest request = m_protocol->build_request(redacted(prompt), settings);

    const auto started = std::chrono::steady_clock::now();
    const http::RetryOutcome outcome = http::send_with_retries(
        *m_http, *m_sleeper, request, retry_policy(m_config, m_next_seed++, m_options));
    const std::chrono::duration<double, std::milli> took =
        std::chrono::steady_clock::now() - started;

    Result<LlmReply> reply = interpret(outcome.last, outcome.attempts);
    record(request, outcome.last, outcome.attempts, took.count(), reply);
    if (!reply)
        reply.error().message = scrub(reply.error().message);
    return reply;
}

Result<LlmReply> LlmClient::interpret(const Result<HttpResponse>& last, unsigned attempts) {
    const std::string tries =
        " after " + std::to_string(attempts) + " attempt" + (attempts == 1 ? "" : "s");
    if (!last)
        return fail(last.error().code, last.error().message + tries);
    if (last->status < 200 || last->status > 299)
        return fail(code_for_status(last->status), m_config.provider + " answered HTTP " +
                                                       std::to_string(last->status) + tries + ": " +
                                                       m_protocol->read_error(last->body) +
                                                       advice_for_status(last->status, m_config));
    const TokenUsage usage = m_protocol->read_usage(last->body);
    m_tokens_spent += usage.input_tokens + usage.output_tokens; // spent even if unusable
    auto reply = m_protocol->read_reply(last->body);
    if (reply && reply->model.empty())
        reply->model = m_config.model;
    return reply;
}

std::string LlmClient::scrub(std::string_view text) const {
    std::string result = m_options.redact ? m_options.redact(text) : std::string(text);
    if (m_api_key.empty())
        return result;
    for (auto at = result.find(m_api_key); at != std::string::npos;
         at = result.find(m_api_key, at + k_hidden.size()))
        result.replace(at, m_api_key.size(), k_hidden);
    return result;
}

LlmPrompt LlmClient::redacted(const LlmPrompt& prompt) const {
    LlmPrompt copy = prompt;
    copy.system = scrub(copy.system);
    for (auto& message : copy.messages)
        message.content = scrub(message.content);
    return copy;
}

void LlmClient::record(const HttpRequest& request, const Result<HttpResponse>& last,
                       unsigned attempts, double duration_ms, const Result<LlmReply>& reply) {
    json exchange = {
        {"provider", m_config.provider},
        {"model", m_config.model},
        {"url", scrub(request.url)},
        {"request", recorded_body(scrub(request.body))},
        {"status", last ? json(last->status) : json(nullptr)},
        {"response", last ? recorded_body(scrub(last->body)) : json(nullptr)},
        {"duration_ms", duration_ms},
        {"attempts", attempts},
    };
    if (reply) {
        exchange["input_tokens"] = reply->input_tokens;
        exchange["output_tokens"] = reply->output_tokens;
    } else {
        exchange["error"] = scrub(reply.error().message);
    }
    m_exchanges.push_back(std::move(exchange));
}

} // namespace medic::llm
