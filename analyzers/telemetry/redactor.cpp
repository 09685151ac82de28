#include "analyzers/telemetry/redactor.hpp"

#include <re2/re2.h>

namespace medic::telemetry {
namespace {

struct BuiltInRule {
    const char* pattern;
    const char* replacement;
};

// Ordered: specific token formats first, then generic "key = value" shapes, then emails.
constexpr BuiltInRule k_built_in[] = {
    {R"re(-----BEGIN [A-Z ]*PRIVATE KEY-----[\s\S]*?-----END [A-Z ]*PRIVATE KEY-----)re",
     "<redacted-private-key>"},
    {R"re((?i)\b(bearer|basic)\s+[A-Za-z0-9._~+/=-]{8,})re", R"re(\1 <redacted>)re"},
    {R"re(\b(gh[pousr]_[A-Za-z0-9]{20,}|github_pat_[A-Za-z0-9_]{20,}))re", "<redacted>"},
    {R"re(\bsk-[A-Za-z0-9_-]{16,})re", "<redacted>"},
    {R"re(\b(AKIA|ASIA)[0-9A-Z]{16}\b)re", "<redacted>"},
    {R"re(\beyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]+)re", "<redacted>"},
    // JSON members whose name says they hold a secret: "password": "..." -> "password":"<redacted>"
    {R"re((?i)("(?:[a-z_.-]*(?:authorization|password|passwd|secret|token|api[_-]?key|cookie|credential)[a-z_.-]*)")\s*:\s*"(?:[^"\\]|\\.)*")re",
     R"re(\1:"<redacted>")re"},
    // key=value in free text: password=hunter2, api_key: abc
    {R"re((?i)\b(password|passwd|secret|token|api[_-]?key|access[_-]?key)(\s*[:=]\s*)[^\s"',;&<]+)re",
     R"re(\1\2<redacted>)re"},
    {R"re([A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,})re", "<email>"},
};

} // namespace

Redactor::Redactor(Redactor&&) noexcept = default;
Redactor& Redactor::operator=(Redactor&&) noexcept = default;
Redactor::~Redactor() = default;

Result<Redactor> Redactor::create(const std::vector<std::string>& extra_patterns) {
    Redactor redactor;
    RE2::Options options;
    options.set_log_errors(false);
    for (auto const& rule : k_built_in) {
        auto pattern = std::make_unique<RE2>(rule.pattern, options);
        if (!pattern->ok())
            return fail(ErrorCode::internal,
                        "built-in redaction rule does not compile: " + pattern->error());
        redactor.m_rules.push_back({std::move(pattern), rule.replacement});
    }
    for (auto const& text : extra_patterns) {
        auto pattern = std::make_unique<RE2>(text, options);
        if (!pattern->ok())
            return fail(ErrorCode::invalid_input,
                        "telemetry.redact pattern '" + text +
                            "' is not a valid RE2 expression: " + pattern->error());
        redactor.m_rules.push_back({std::move(pattern), "<redacted>"});
    }
    return redactor;
}

std::size_t Redactor::redact(std::string& text) const {
    std::size_t hidden = 0;
    for (auto const& rule : m_rules)
        hidden +=
            static_cast<std::size_t>(RE2::GlobalReplace(&text, *rule.pattern, rule.replacement));
    return hidden;
}

} // namespace medic::telemetry
