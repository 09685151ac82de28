#pragma once
// The production side of the documents: the evidence table of each anomaly kind and the
// before/after order chart of a misordered sequence.

#include "bot/model/anomaly.hpp"

#include <kainjow/mustache.hpp>

namespace medic {

/// The rows ({measure, value}, both Markdown table cells) of the evidence table.
kainjow::mustache::list evidence_rows(const Anomaly& anomaly, bool replayed_by_tests = true);

/// For `misordered`: {before_steps, after_steps}, each a list of {id, label, first} for a
/// Mermaid flowchart (labels are Mermaid-safe). Empty data when there is no order to draw.
kainjow::mustache::data order_chart(const Anomaly& anomaly);

} // namespace medic
