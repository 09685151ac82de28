#include "generators/patch/vet_diff.hpp"

#include "generators/patch/apply_patch.hpp"
#include "generators/patch/path_policy.hpp"

namespace medic::patch {

Result<ParsedDiff> vet_diff(const std::filesystem::path& repo, std::string_view diff,
                            const std::vector<std::string>& allowed,
                            const std::vector<std::string>& vendored) {
    auto parsed = parse_diff(diff);
    if (!parsed)
        return std::unexpected(parsed.error());
    if (auto allowed_paths = check_paths(*parsed, allowed, vendored); !allowed_paths)
        return std::unexpected(allowed_paths.error());
    if (auto applied = apply_patch(repo, diff); !applied)
        return std::unexpected(applied.error());
    return parsed;
}

} // namespace medic::patch
