#include "generators/patch/vet_diff.hpp"

#include "bot/model/result.hpp"
#include "generators/patch/apply_patch.hpp"
#include "generators/patch/path_policy.hpp"

namespace medic::patch {

Result<git::ParsedDiff> vet_diff(const std::filesystem::path& repo, std::string_view diff,
                                 const std::vector<std::string>& allowed,
                                 const std::vector<std::string>& vendored) {
    MEDIC_TRY(parsed, git::parse_diff(diff));
    MEDIC_RETURN_IF_ERROR(check_paths(*parsed, allowed, vendored));
    MEDIC_RETURN_IF_ERROR(apply_patch(repo, diff));
    return parsed;
}

} // namespace medic::patch
