#pragma once
// The names Medic derives for one anomaly's generated files, tests and benchmark, and the checks
// that keep configured paths inside the repository.

#include "bot/model/anomaly.hpp"
#include "bot/model/config.hpp"
#include "bot/model/result.hpp"

#include <string>
#include <string_view>

namespace medic {

/// Names for one anomaly, all derived from its subject and fingerprint.
struct GeneratedNames {
    std::string subject;    ///< The handler, or the sequence for sequence anomalies.
    std::string slug;       ///< handler_slug(subject).
    std::string short_id;   ///< The first 8 characters of the fingerprint.
    std::string identifier; ///< cpp_identifier(subject).
    std::string suite;      ///< GoogleTest suite: Medic<Identifier><short id>.
    std::string benchmark;  ///< BM_Medic_<Identifier>_<short id>.
    std::string test_path;  ///< <tests_dir>/<slug>_<short id>_test.cpp
    std::string bench_path; ///< <tests_dir>/<slug>_<short id>_bench.cpp
};

/// The handler, or the sequence name for `misordered` (what a fix is about).
std::string anomaly_subject(const Anomaly& anomaly);

/// The names for `anomaly`; invalid_input when its fingerprint is not plain ASCII letters and
/// digits, it has no subject, or tests_dir leaves the repository.
Result<GeneratedNames> generated_names(const Anomaly& anomaly, const GenerateConfig& generate);

/// `path` (a setting named `setting`) as a normalised relative path inside the repository;
/// invalid_input when it is empty, absolute or climbs out with "..".
Result<std::string> checked_relative_path(std::string_view setting, std::string_view path);

} // namespace medic
