#pragma once
// Shorthands the ingest tests share.

#include "analyzers/telemetry/ingest.hpp"
#include "tests/support/temp_dir.hpp"

#include <gtest/gtest.h>

namespace medic::test {

/// Ingests `paths` with default settings (or `config`) and fails the test on a stage error.
inline TelemetrySummary ingest_ok(const std::vector<std::string>& paths,
                                  const TelemetryConfig& config = {}) {
    auto summary = telemetry::ingest(paths, {config, {}});
    EXPECT_TRUE(summary) << (summary ? "" : summary.error().message);
    return summary ? std::move(*summary) : TelemetrySummary{};
}

} // namespace medic::test
