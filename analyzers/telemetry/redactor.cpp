#include "analyzers/telemetry/redactor.hpp"

#include <re2/re2.h>
#include <string>
#include <vector>

namespace medic::telemetry {
namespace {

struct BuiltInRule {
    const char* pattern;
    const char* replacement;
    /// The pattern holds {K} (the backslashes before a quote escaped once, twice, ...) and {K+}
    /// (more than that: a quote escaped inside the value); it is compiled once per level.
    bool per_escape_level = false;
};

/// Backslashes before a quote in text JSON-escaped 1, 2, 3 and 4 times.
constexpr int k_escape_runs[] = {1, 3, 7, 15};

// Ordered: specific token formats first, then generic "key = value" shapes, then emails. The
// shapes are those the common secret scanners (gitleaks, GitHub secret scanning) publish for
// the services C++ back ends talk to; the expressions are Medic's own.
constexpr BuiltInRule k_built_in[] = {
    // A private key block, or the start of one whose END line was cut off (its line breaks
    // real, or written as \n however many times the text was escaped).
    {R"re(-----BEGIN [A-Z0-9 ]*PRIVATE KEY( BLOCK)?-----(?:[\s\S]*?-----END [A-Z0-9 ]*PRIVATE KEY( BLOCK)?-----|(?:[A-Za-z0-9+/=\s]|\\+n)*))re",
     "<redacted-private-key>"},
    {R"re((?i)\b(bearer|basic)\s+[A-Za-z0-9._~+/=-]{8,})re", R"re(\1 <redacted>)re"},
    // user:password@ in a URL, whatever the password's punctuation or the host's shape.
    {R"re(\b([a-zA-Z][a-zA-Z0-9+.-]*://[^/\s:@"']*:)[^\s@/"']+@)re", R"re(\1<redacted>@)re"},
    {R"re(\b(gh[pousr]_[A-Za-z0-9]{20,}|github_pat_[A-Za-z0-9_]{20,}))re", "<redacted>"},
    {R"re(\bglpat-[A-Za-z0-9_-]{20,})re", "<redacted>"},
    {R"re(\bsk-[A-Za-z0-9_-]{16,})re", "<redacted>"},
    {R"re(\b[rsp]k_(live|test)_[A-Za-z0-9]{16,})re", "<redacted>"},
    {R"re(\bwhsec_[A-Za-z0-9+/=]{24,})re", "<redacted>"},
    {R"re(\bxox[abeoprs]-[A-Za-z0-9-]{10,})re", "<redacted>"},
    {R"re(https://hooks\.slack\.com/services/[A-Za-z0-9/_-]+)re", "<redacted-webhook>"},
    {R"re(\bAIza[0-9A-Za-z_-]{35})re", "<redacted>"},
    {R"re(\bya29\.[0-9A-Za-z_-]{20,})re", "<redacted>"},
    {R"re(\b(AKIA|ASIA|AGPA|AIDA|AROA|ANPA)[0-9A-Z]{16}\b)re", "<redacted>"},
    {R"re(\bSG\.[A-Za-z0-9_-]{16,}\.[A-Za-z0-9_-]{16,})re", "<redacted>"},
    {R"re(\bkey-[0-9a-zA-Z]{32}\b)re", "<redacted>"},
    {R"re(\bSK[0-9a-fA-F]{32}\b)re", "<redacted>"},
    {R"re(\bnpm_[A-Za-z0-9]{36}\b)re", "<redacted>"},
    {R"re(\bpypi-[A-Za-z0-9_-]{50,})re", "<redacted>"},
    {R"re(\bhf_[A-Za-z0-9]{30,})re", "<redacted>"},
    {R"re(\bshp(at|ca|pa|ss)_[a-fA-F0-9]{32}\b)re", "<redacted>"},
    {R"re(\bdo[opr]_v1_[a-f0-9]{64}\b)re", "<redacted>"},
    {R"re(\bhv[sb]\.[A-Za-z0-9_-]{24,})re", "<redacted>"},
    {R"re(\bdapi[a-f0-9]{32}\b)re", "<redacted>"},
    {R"re(\bsq0(atp|csp)-[0-9A-Za-z_-]{22,})re", "<redacted>"},
    {R"re(\blin_api_[A-Za-z0-9]{40}\b)re", "<redacted>"},
    {R"re(\bPMAK-[a-f0-9]{24}-[a-f0-9]{34}\b)re", "<redacted>"},
    {R"re(\bdt0c01\.[A-Z0-9]{24}\.[A-Z0-9]{64}\b)re", "<redacted>"},
    {R"re(\b[0-9]{8,10}:AA[A-Za-z0-9_-]{33}\b)re", "<redacted>"},
    {R"re(\beyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]+)re", "<redacted>"},
    // JSON members whose name says they hold a secret: "password": "..." -> "password":
    // "<redacted>". Numbers and booleans only under names that cannot mean a count or a flag
    // ("pin": 1234, but not "max_tokens": 1024): a replayed request must keep its shape.
    {R"re((?i)("(?:[a-z0-9_.-]*(?:authorization|password|passwd|passphrase|secret|token|api[_-]?key|access[_-]?key|private[_-]?key|account[_-]?key|cookie|credential|session[_-]?id|signature)[a-z0-9_.-]*|pin|cvv|ssn)")\s*:\s*"(?:[^"\\]|\\.)*")re",
     R"re(\1:"<redacted>")re"},
    {R"re((?i)("(?:[a-z0-9_.-]*(?:password|passwd|passphrase|secret)[a-z0-9_.-]*|pin|cvv|cvc|ssn)")\s*:\s*(?:-?[0-9][0-9.eE+-]*|true|false))re",
     R"re(\1:"<redacted>")re"},
    // The same inside JSON strings, escaped once or more (a request body recorded as a string
    // attribute, then written in a JSON document): {\"password\":\"...\"}, {\\\"pin\\\": 12}
    // A quote inside the value is escaped once more than the value's own quotes, so RE2 (no
    // back-references) needs one rule per level to know where the value ends.
    {R"re((?i)(^|[^\\])(\\{K}"(?:[a-z0-9_.-]*(?:authorization|password|passwd|passphrase|secret|token|api[_-]?key|access[_-]?key|private[_-]?key|account[_-]?key|cookie|credential|session[_-]?id|signature)[a-z0-9_.-]*|pin|cvv|ssn)\\{K}"\s*:\s*\\{K}")(?:[^"\\]|\\+[^"\\]|\\{K+}")*(\\{K}"))re",
     R"re(\1\2<redacted>\3)re", true},
    {R"re((?i)((\\+)"(?:[a-z0-9_.-]*(?:password|passwd|passphrase|secret)[a-z0-9_.-]*|pin|cvv|cvc|ssn)\\+"\s*:\s*)(?:-?[0-9][0-9.eE+-]*|true|false))re",
     R"re(\1\2"<redacted>\2")re"},
    // key=value in free text and environment lines: password=hunter2, api_key: abc,
    // AWS_SECRET_ACCESS_KEY=..., ?token=... in a URL. The value never starts with ':' (a C++
    // name such as auth::TokenService::refresh is no key=value) and never swallows the
    // backslash of an escaped quote (the text may be JSON or a C++ literal).
    {R"re((?i)\b([a-z0-9_.-]*(?:password|passwd|passphrase|pwd|secret|token|api[_-]?key|access[_-]?key|private[_-]?key|account[_-]?key|session[_-]?id|signature|credentials?)[a-z0-9_.-]*)(\s*[:=]\s*(?:\\*["'])?)(?:[^\s"',;&<\\:]|\\[^"\s])(?:[^\s"',;&<\\]|\\[^"\s])*)re",
     R"re(\1\2<redacted>)re"},
    // An AWS secret access key on its own: 40 base64 characters next to an AWS key id or word.
    {R"re((?i)(aws[a-z0-9_ .-]{0,24}["':= ]+)[A-Za-z0-9/+]{40}\b)re", R"re(\1<redacted>)re"},
    {R"re([A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,})re", "<email>"},
};

/// The patterns of one rule: itself, or one per escape level.
std::vector<std::string> expanded(const BuiltInRule& rule) {
    if (!rule.per_escape_level)
        return {rule.pattern};
    std::vector<std::string> patterns;
    for (int const run : k_escape_runs) {
        std::string pattern = rule.pattern;
        auto const replace_all = [&pattern](std::string_view from, const std::string& to) {
            for (auto at = pattern.find(from); at != std::string::npos; at = pattern.find(from, at))
                pattern.replace(at, from.size(), to), at += to.size();
        };
        replace_all("{K+}", "{" + std::to_string(run + 1) + ",}");
        replace_all("{K}", "{" + std::to_string(run) + "}");
        patterns.push_back(std::move(pattern));
    }
    return patterns;
}

} // namespace

Redactor::Redactor(Redactor&&) noexcept = default;
Redactor& Redactor::operator=(Redactor&&) noexcept = default;
Redactor::~Redactor() = default;

Result<Redactor> Redactor::create(const std::vector<std::string>& extra_patterns) {
    Redactor redactor;
    RE2::Options options;
    options.set_log_errors(false);
    for (auto const& rule : k_built_in)
        for (auto const& pattern : expanded(rule)) {
            auto compiled = std::make_unique<RE2>(pattern, options);
            if (!compiled->ok())
                return fail(ErrorCode::internal,
                            "built-in redaction rule does not compile: " + compiled->error());
            redactor.m_rules.push_back({std::move(compiled), rule.replacement});
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
