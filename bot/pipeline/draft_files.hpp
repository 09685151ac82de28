#pragma once
// A draft as files, the form `medic fix` leaves and `medic validate` (or a person) takes back:
// <id>.diff (the patch alone) and <id>.json (the draft with its anomaly, so nothing else is
// needed to validate it).

#include "bot/model/anomaly.hpp"
#include "bot/model/draft.hpp"
#include "bot/model/result.hpp"

#include <filesystem>
#include <string>
#include <utility>

namespace medic::pipeline {

/// Writes <out>/<id>.diff and <out>/<id>.json for `draft` and the anomaly it fixes.
Result<void> write_draft_files(const std::filesystem::path& out, const PatchDraft& draft,
                               const Anomaly& anomaly);

/// The draft and its anomaly from `patch`: a <id>.json written by write_draft_files (which
/// carries both; else its anomaly is looked up in the report `anomalies`), or a <id>.diff named
/// after an anomaly of the report `anomalies` (a manual draft). Mismatched ids are refused.
Result<std::pair<Anomaly, PatchDraft>> read_draft_file(const std::string& patch,
                                                       const std::string& anomalies);

} // namespace medic::pipeline
