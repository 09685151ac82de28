#include "tests/generate/shop_anomalies.hpp"

#include "tests/support/temp_dir.hpp"

namespace medic::test {

namespace {

nlohmann::json example(const char* cart, int items, const char* code, double ms) {
    return {
        {"attrs",
         {{"cart_id", cart}, {"cart_items", items}, {"code", code}, {"customer_email", "<email>"}}},
        {"duration_ms", ms},
        {"error", false},
        {"ts_ms", 1795141612800}};
}

} // namespace

Anomaly apply_coupon_slow() {
    Anomaly anomaly;
    anomaly.id = "69ecf7a193c7dde9";
    anomaly.kind = AnomalyKind::slow;
    anomaly.handler = "shop::ApplyCoupon::handle";
    anomaly.severity = Severity::critical;
    anomaly.impact = 19.79891025927111;
    anomaly.impact_unit = "ms";
    anomaly.summary = "shop::ApplyCoupon::handle is slow: p95 0.811 ms over 57 calls, 14× its "
                      "0.06 ms budget — about 19.8 ms spent above it.";
    anomaly.evidence = {{"budget",
                         {{"limit_ms", 0.06},
                          {"observed_ms", 0.8105380416180062},
                          {"quantile", "p95"},
                          {"ratio", 13.508967360300105}}},
                        {"detector", "slow-latency"},
                        {"examples",
                         {example("cart-1246201", 17, "AUTUMN30-127", 0.511477),
                          example("cart-1704035", 14, "VIP10-122", 0.443926),
                          example("cart-1652027", 20, "SPRING15-125", 0.603696),
                          example("cart-1179179", 1, "VIP25-114", 0.035374)}},
                        {"latency",
                         {{"count", 57},
                          {"max_ms", 0.871297},
                          {"mean_ms", 0.40128143859649107},
                          {"p50_ms", 0.4189184516062178},
                          {"p90_ms", 0.748218920212955},
                          {"p95_ms", 0.8105380416180062},
                          {"p99_ms", 0.826912547509279}}}};
    return anomaly;
}

Anomaly checkout_misordered() {
    Anomaly anomaly;
    anomaly.id = "2cb407cad7c29b34";
    anomaly.kind = AnomalyKind::misordered;
    anomaly.sequence = "checkout";
    anomaly.severity = Severity::high;
    anomaly.impact = 5;
    anomaly.impact_unit = "failed runs";
    anomaly.summary = "Sequence 'checkout' ran shop::ValidateCart::handle → "
                      "shop::ChargePayment::handle → shop::ReserveStock::handle → "
                      "shop::SendReceipt::handle in 94 % of 103 runs, but the configured order is "
                      "shop::ValidateCart::handle → shop::ReserveStock::handle → "
                      "shop::ChargePayment::handle → shop::SendReceipt::handle. 5 of the 102 "
                      "misordered runs failed (4.9 %).";
    const nlohmann::json actual = {"shop::ValidateCart::handle", "shop::ChargePayment::handle",
                                   "shop::ReserveStock::handle", "shop::SendReceipt::handle"};
    const nlohmann::json expected = {"shop::ValidateCart::handle", "shop::ReserveStock::handle",
                                     "shop::ChargePayment::handle", "shop::SendReceipt::handle"};
    anomaly.evidence = {
        {"actual_order", actual},
        {"expected_order", expected},
        {"expected_from", "config"},
        {"detector", "misordered-sequence"},
        {"misordered_failed_runs", 5},
        {"misordered_runs", 102},
        {"runs", 103},
        {"orders",
         {{{"example_runs", {"checkout\x1fr-1", "checkout\x1fr-2"}},
           {"failed_runs", 0},
           {"follows_expected", false},
           {"runs", 97},
           {"steps", actual}},
          {{"example_runs", {"checkout\x1fr-91", "checkout\x1fr-117", "checkout\x1fr-136"}},
           {"failed_runs", 5},
           {"follows_expected", false},
           {"runs", 5},
           {"steps", {"shop::ValidateCart::handle", "shop::ChargePayment::handle"}}}}}};
    return anomaly;
}

Anomaly shipping_quote_errors() {
    Anomaly anomaly;
    anomaly.id = "e440eb7cf2a892fb";
    anomaly.kind = AnomalyKind::errors;
    anomaly.handler = "shop::ShippingQuote::handle";
    anomaly.severity = Severity::high;
    anomaly.impact = 10;
    anomaly.impact_unit = "failed calls";
    anomaly.summary = "shop::ShippingQuote::handle fails 11 % of calls (10 of 93, error budget "
                      "1.0 %); most common message: \"no shipping zone for country <*> (order "
                      "<*>)\".";
    anomaly.evidence = {{"count", 93},
                        {"errors", 10},
                        {"error_rate", 0.10752688172043011},
                        {"rate_budget", 0.01},
                        {"budget_binomial_p", 3.795420551499523e-08},
                        {"templates",
                         {{{"count", 20},
                           {"example", "no shipping zone for country 'TF' (order o-109006)"},
                           {"pattern", "no shipping zone for country <*> (order <*>)"}}}},
                        {"examples",
                         {{{"attrs",
                            {{"country", "XK"},
                             {"express", false},
                             {"order_id", "o-109070"},
                             {"weight_grams", 15372}}},
                           {"duration_ms", 0.014391},
                           {"error", true}},
                          {{"attrs",
                            {{"country", "SE"},
                             {"express", true},
                             {"order_id", "o-109079"},
                             {"weight_grams", 14606}}},
                           {"duration_ms", 0.000341},
                           {"error", false}}}}};
    return anomaly;
}

PatchDraft apply_coupon_draft() {
    PatchDraft draft = draft_for(apply_coupon_slow());
    draft.strategy = Strategy::rules;
    draft.fixer = "perf-regex-in-loop";
    draft.confidence = 0.9;
    draft.root_cause =
        "shop::ApplyCoupon::handle compiles a std::regex with a constant pattern on every "
        "iteration (std::regex is compiled on every loop iteration); compiling it once, as a "
        "static const, removes that cost from every call.";
    draft.files = {"src/cart.cpp"};
    draft.diff =
        "diff --git a/src/cart.cpp b/src/cart.cpp\n"
        "index ad0e0d5..a9ddc55 100644\n"
        "--- a/src/cart.cpp\n"
        "+++ b/src/cart.cpp\n"
        "@@ -56,7 +56,7 @@ ApplyCouponResponse ApplyCoupon::handle(const ApplyCouponRequest& "
        "request) {\n"
        "     ApplyCouponResponse response{.accepted = true};\n"
        "     for (const CartLine& line : request.lines) {\n"
        "         // SKUs are \"<department>-<6 digits>\"; a coupon targets departments.\n"
        "-        const std::regex sku_format(R\"(([A-Z]{3})-(\\d{6}))\");\n"
        "+        static const std::regex sku_format(R\"(([A-Z]{3})-(\\d{6}))\");\n"
        "         std::smatch parts;\n"
        "         if (!std::regex_match(line.sku, parts, sku_format) ||\n"
        "             !coupon->second.departments.contains(parts[1].str())) {\n";
    return draft;
}

PatchDraft checkout_draft() {
    PatchDraft draft = draft_for(checkout_misordered());
    draft.strategy = Strategy::rules;
    draft.fixer = "reorder-sequence";
    draft.confidence = 0.9;
    draft.root_cause = "Sequence 'checkout' is declared (initializer list) as validate_cart → "
                       "charge_payment → reserve_stock → send_receipt, so its steps run in that "
                       "order; production runs succeed in the order validate_cart → "
                       "reserve_stock → charge_payment → send_receipt.";
    draft.files = {"src/checkout.cpp"};
    draft.diff = "--- a/src/checkout.cpp\n+++ b/src/checkout.cpp\n@@ -1 +1 @@\n-a\n+b\n";
    return draft;
}

Verdict apply_coupon_verdict() {
    Verdict verdict;
    verdict.anomaly_id = "69ecf7a193c7dde9";
    verdict.kind = AnomalyKind::slow;
    verdict.handler = "shop::ApplyCoupon::handle";
    verdict.validated = true;
    verdict.reason = "it builds, every test passes, the generated tests passed 3 times in a row, "
                     "and the benchmark is 2.31× faster (p = 1.1e-05)";
    verdict.base_commit = "4b1d7c0e5f7a9d2c3b4a5f6e7d8c9b0a1f2e3d4c";
    auto command = [](const char* step, const char* build, int exit_code, double seconds) {
        CommandRecord record;
        record.step = step;
        record.build = build;
        record.command = std::string(step) + " …";
        record.exit_code = exit_code;
        record.seconds = seconds;
        return record;
    };
    verdict.commands = {
        command("configure", "patched", 0, 3.2),    command("build", "patched", 0, 41.7),
        command("test", "patched", 0, 2.4),         command("generated tests", "patched", 0, 0.6),
        command("generated tests", "base", 0, 0.6), command("benchmark", "base", 0, 12.1),
        command("benchmark", "patched", 0, 11.8)};
    verdict.generated_test_passes = 3;
    verdict.generated_tests_fail_on_base = false;
    BenchmarkComparison benchmark;
    benchmark.benchmark = "BM_Medic_ShopApplyCouponHandle_69ecf7a1";
    benchmark.base_ns = std::vector<double>(10, 981000.0);
    benchmark.patched_ns = std::vector<double>(10, 424700.0);
    benchmark.base_median_ns = 981000;
    benchmark.patched_median_ns = 424700;
    benchmark.speedup = 981000.0 / 424700.0;
    benchmark.p_value = 1.0825088224469026e-05;
    benchmark.exact_p = true;
    benchmark.min_speedup = 0.10;
    benchmark.alpha = 0.01;
    verdict.benchmark = benchmark;
    verdict.network_isolated = true;
    verdict.seconds = 95.3;
    verdict.command_seconds = 72.4;
    return verdict;
}

TestRequest test_request(const Anomaly& anomaly, const PatchDraft& draft) {
    TestRequest request;
    request.anomaly = anomaly;
    request.draft = draft;
    request.harness.target = "shop_medic_harness";
    return request;
}

DocRequest apply_coupon_doc_request() {
    DocRequest request;
    request.anomaly = apply_coupon_slow();
    request.draft = apply_coupon_draft();
    request.verdict = apply_coupon_verdict();
    auto tests = generate_tests(test_request(request.anomaly, request.draft), medic_templates());
    if (tests)
        request.tests = *tests;
    request.branch = fix_branch_name(request.anomaly);
    return request;
}

TemplateDirs medic_templates() {
    return {source_root() / "templates", {}};
}

} // namespace medic::test
