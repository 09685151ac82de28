#pragma once
// Anomalies, drafts and verdicts as Medic produced them for the sample shop
// (fixtures/services/shop): the evidence is copied from a real `medic detect` report.

#include "bot/model/anomaly.hpp"
#include "bot/model/draft.hpp"
#include "bot/model/verdict.hpp"
#include "generators/docs/doc_generator.hpp"
#include "generators/tests/test_generator.hpp"

#include <filesystem>

namespace medic::test {

Anomaly apply_coupon_slow();     ///< slow, shop::ApplyCoupon::handle, 4 recorded examples
Anomaly checkout_misordered();   ///< misordered, sequence checkout
Anomaly shipping_quote_errors(); ///< errors, shop::ShippingQuote::handle

PatchDraft apply_coupon_draft(); ///< perf-regex-in-loop
PatchDraft checkout_draft();     ///< reorder-sequence

/// A validated verdict with a 2.31× faster benchmark.
Verdict apply_coupon_verdict();

/// A test request against the shop's harness (target shop_medic_harness).
TestRequest test_request(const Anomaly& anomaly, const PatchDraft& draft);

/// The documents request for the ApplyCoupon fix, with its generated tests.
DocRequest apply_coupon_doc_request();

/// Medic's own templates/ in this source tree.
TemplateDirs medic_templates();

} // namespace medic::test
