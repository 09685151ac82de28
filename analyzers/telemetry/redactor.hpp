#pragma once
// Hides secrets (tokens, keys, passwords, emails) in text Medic keeps from telemetry.

#include "bot/model/result.hpp"

#include <memory>
#include <string>
#include <vector>

namespace re2 {
class RE2;
}

namespace medic::telemetry {

/// A fixed set of RE2 rules (built-in plus configured), applied to every kept string.
class Redactor {
public:
    /// Builds the built-in rules plus `extra_patterns` (each match becomes "<redacted>").
    static Result<Redactor> create(const std::vector<std::string>& extra_patterns);

    Redactor(Redactor&&) noexcept;
    Redactor& operator=(Redactor&&) noexcept;
    ~Redactor();

    /// Rewrites `text` in place; returns how many secrets were hidden.
    std::size_t redact(std::string& text) const;

private:
    struct Rule {
        std::unique_ptr<re2::RE2> pattern;
        std::string replacement;
    };
    Redactor() = default;
    std::vector<Rule> m_rules;
};

} // namespace medic::telemetry
