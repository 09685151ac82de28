#pragma once
// generate_docs: the fix record (docs/medic/<id>.md), the CHANGELOG entry, the commit message and
// the pull request body of one validated fix, from Mustache templates (templates/docs/,
// overridable per repository).

#include "bot/model/anomaly.hpp"
#include "bot/model/config.hpp"
#include "bot/model/draft.hpp"
#include "bot/model/verdict.hpp"
#include "generators/tests/test_generator.hpp"

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace medic {

/// Everything the documents tell.
struct DocRequest {
    Anomaly anomaly;
    PatchDraft draft;
    Verdict verdict;
    GeneratedTests tests; ///< What was generated (named in the record and PR body).
    std::string branch;   ///< Where the fix is published.
    GenerateConfig generate;
    ValidateConfig validate;
    /// The repository's CHANGELOG as it is (nullopt: it keeps none, so no entry is written).
    std::optional<std::string> changelog;
};

/// The generated documents.
struct GeneratedDocs {
    std::vector<GeneratedFile> files; ///< The fix record, and the updated CHANGELOG if any.
    std::string commit_message;       ///< Subject line, blank line, body.
    std::string pr_title;
    std::string pr_body; ///< Markdown; carries a hidden `<!-- medic:fingerprint=<id> -->` marker.
};

Result<GeneratedDocs> generate_docs(const DocRequest& request, const TemplateDirs& templates);

/// The hidden `<!-- medic:fingerprint=<id> -->` line by which publishing finds a fix's pull
/// request again (every pr_body carries it).
std::string fingerprint_marker(const Anomaly& anomaly);

/// The branch for a fix: medic/<kind>/<handler-slug>-<first 8 hex digits of the fingerprint>.
std::string fix_branch_name(const Anomaly& anomaly);

} // namespace medic
