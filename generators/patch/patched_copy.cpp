#include "generators/patch/patched_copy.hpp"

#include "bot/model/text_file.hpp"
#include "generators/patch/path_policy.hpp"

namespace medic::patch {
namespace {

namespace fs = std::filesystem;

/// Version control data and build output are not source: a scratch build makes its own.
bool is_excluded(const fs::path& relative) {
    auto const name = relative.filename().string();
    bool const top_level = !relative.has_parent_path();
    return name == ".git" || (top_level && name.starts_with("build"));
}

Result<void> copy_entry(const fs::directory_entry& entry, const fs::path& target) {
    std::error_code error;
    auto const status = entry.symlink_status(error);
    if (fs::is_symlink(status))
        fs::copy_symlink(entry.path(), target, error);
    else if (fs::is_directory(status))
        fs::create_directory(target, error);
    else if (fs::is_regular_file(status))
        fs::copy_file(entry.path(), target, fs::copy_options::overwrite_existing, error);
    if (error)
        return fail(ErrorCode::unavailable,
                    "cannot copy " + entry.path().string() + ": " + error.message());
    return {};
}

Result<void> prepare_target(const fs::path& target_dir) {
    std::error_code error;
    if (fs::exists(target_dir, error) && !fs::is_empty(target_dir, error))
        return fail(ErrorCode::invalid_input,
                    target_dir.string() + " is not empty; give a fresh folder for the copy");
    fs::create_directories(target_dir, error);
    if (error)
        return fail(ErrorCode::unavailable,
                    "cannot create " + target_dir.string() + ": " + error.message());
    return {};
}

} // namespace

Result<void> write_files(const AppliedPatch& patch, const fs::path& dir) {
    for (auto const& [path, content] : patch.files) {
        if (auto problem = path_problem(path))
            return fail(ErrorCode::invalid_input,
                        "refusing to write '" + path + "', which " + *problem);
        std::error_code error;
        if (!content)
            fs::remove(dir / path, error);
        else if (auto written = write_text_file(dir / path, *content); !written)
            return written;
        if (error)
            return fail(ErrorCode::unavailable,
                        "cannot delete " + (dir / path).string() + ": " + error.message());
    }
    return {};
}

Result<void> write_patched_copy(const fs::path& repo_dir, const AppliedPatch& patch,
                                const fs::path& target_dir) {
    if (!fs::is_directory(repo_dir))
        return fail(ErrorCode::not_found, repo_dir.string() + ": no such repository directory");
    if (auto prepared = prepare_target(target_dir); !prepared)
        return prepared;
    std::error_code error;
    fs::recursive_directory_iterator walk(repo_dir, error);
    for (; !error && walk != fs::recursive_directory_iterator(); walk.increment(error)) {
        auto const relative = walk->path().lexically_relative(repo_dir);
        // The target may sit inside the repository (e.g. under build/): never copy it into itself.
        std::error_code not_comparable;
        if (is_excluded(relative) || fs::equivalent(walk->path(), target_dir, not_comparable)) {
            walk.disable_recursion_pending();
            continue;
        }
        if (auto copied = copy_entry(*walk, target_dir / relative); !copied)
            return copied;
    }
    if (error)
        return fail(ErrorCode::unavailable,
                    "cannot copy " + repo_dir.string() + ": " + error.message());
    return write_files(patch, target_dir);
}

} // namespace medic::patch
