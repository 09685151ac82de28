#include "generators/patch/apply_patch.hpp"

#include "bot/git/apply_diff.hpp"
#include "bot/git/parsed_diff.hpp"
#include "bot/model/result.hpp"
#include "generators/patch/base_files.hpp"

namespace medic::patch {

Result<AppliedPatch> apply_patch(const std::filesystem::path& repo_dir, std::string_view diff) {
    MEDIC_TRY(parsed, git::parse_diff(diff));
    MEDIC_TRY(base_files, read_base_files(repo_dir, *parsed));
    MEDIC_TRY(files, git::apply_diff(diff, *base_files));
    return AppliedPatch{std::move(*files)};
}

} // namespace medic::patch
