#pragma once
// The parts of a commit message Medic computes: the conventional-commit subject that fits in
// 72 columns, and the wrapping of the rendered body.

#include "bot/model/anomaly.hpp"
#include "bot/model/draft.hpp"

#include <string>
#include <string_view>

namespace medic {

/// At most this many columns per commit message line.
inline constexpr std::size_t k_commit_columns = 72;

/// "perf" for slow and trend fixes, "fix" for the others.
std::string_view commit_type(AnomalyKind kind);

/// A short imperative phrase saying what the change does ("hoist the regex out of the loop"):
/// known per built-in fixer, the order a reordered sequence restores, or the root cause's first
/// sentence when it is short, else a phrase for the anomaly's kind.
std::string change_phrase(const PatchDraft& draft, const Anomaly& anomaly);

/// "<type>(<scope>): <phrase>" within 72 columns: the scope is shortened ("shop::ApplyCoupon",
/// "ApplyCoupon") or dropped, and only then the phrase cut at a word.
std::string commit_subject(std::string_view type, std::string_view scope, std::string_view phrase);

/// `message` with body lines longer than 72 columns wrapped at spaces (continuations keep the
/// indentation, and indent under a "- " bullet); the subject line is left as it is.
std::string wrap_commit_message(std::string_view message);

/// The columns `text` takes: UTF-8 code points.
std::size_t columns(std::string_view text);

} // namespace medic
