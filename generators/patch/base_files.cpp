#include "generators/patch/base_files.hpp"

#include "bot/model/result.hpp"
#include "generators/patch/path_policy.hpp"

#include <fstream>
#include <set>
#include <sstream>

namespace medic::patch {
namespace {

namespace fs = std::filesystem;
using git::FileChange;
using git::FileStatus;

std::string_view verb(FileStatus status) {
    switch (status) {
    case FileStatus::added:
        return "adds";
    case FileStatus::deleted:
        return "deletes";
    case FileStatus::renamed:
        return "renames";
    case FileStatus::modified:
        break;
    }
    return "modifies";
}

/// Refuses links on the way to `path`, so a patch never reads or writes outside the folder.
Result<fs::file_status> status_inside(const fs::path& root, const std::string& path) {
    fs::path current = root;
    fs::file_status status;
    for (auto const& component : fs::path(path)) {
        current /= component;
        std::error_code error;
        status = fs::symlink_status(current, error);
        if (fs::is_symlink(status))
            return fail(ErrorCode::invalid_input,
                        "the diff touches " + path + " through the symbolic link " +
                            current.string() + "; Medic only patches files inside the repository");
        if (!fs::exists(status))
            break;
    }
    return status;
}

Result<git::BaseFile> read_tree_file(const fs::path& root, const FileChange& change) {
    MEDIC_TRY(status, status_inside(root, change.old_path));
    if (!fs::exists(*status))
        return fail(ErrorCode::not_found,
                    "the diff " + std::string(verb(change.status)) + " " + change.old_path +
                        ", which does not exist in " + root.string() +
                        "; use paths relative to the repository root, and `--- /dev/null` "
                        "with `new file mode 100644` for a new file");
    if (!fs::is_regular_file(*status))
        return fail(ErrorCode::invalid_input, change.old_path + " is not a regular file");
    std::ifstream in(root / change.old_path, std::ios::binary);
    std::ostringstream content;
    content << in.rdbuf();
    if (!in.is_open() || in.bad())
        return fail(ErrorCode::unavailable, "cannot read " + (root / change.old_path).string());
    bool const executable = (status->permissions() & fs::perms::owner_exec) != fs::perms::none;
    return git::BaseFile{content.str(), executable};
}

/// A new path must be free, unless the same diff moves or deletes the file that holds it now.
Result<void> check_new_path_free(const fs::path& root, const FileChange& change,
                                 const std::set<std::string>& vacated) {
    if (vacated.contains(change.new_path))
        return {};
    MEDIC_TRY(status, status_inside(root, change.new_path));
    if (fs::exists(*status))
        return fail(ErrorCode::conflict,
                    "the diff " + std::string(verb(change.status)) + " " +
                        (change.status == FileStatus::renamed ? change.old_path + " to " : "") +
                        change.new_path +
                        ", which already exists; change the existing file "
                        "with a diff of its current contents instead");
    return {};
}

} // namespace

Result<std::map<std::string, git::BaseFile>> read_base_files(const fs::path& repo_dir,
                                                             const git::ParsedDiff& diff) {
    if (!fs::is_directory(repo_dir))
        return fail(ErrorCode::not_found, repo_dir.string() + ": no such repository directory");
    std::set<std::string> vacated;
    for (auto const& change : diff.files)
        for (auto const& path : {change.old_path, change.new_path})
            if (auto problem = path_problem(path))
                return fail(ErrorCode::invalid_input,
                            "the diff touches '" + path + "', which " + *problem);
    for (auto const& change : diff.files)
        if (change.status == FileStatus::deleted || change.status == FileStatus::renamed)
            vacated.insert(change.old_path);

    std::map<std::string, git::BaseFile> files;
    for (auto const& change : diff.files) {
        if (change.status != FileStatus::added) {
            MEDIC_TRY(file, read_tree_file(repo_dir, change));
            files.emplace(change.old_path, std::move(*file));
        }
        if (change.status == FileStatus::added || change.status == FileStatus::renamed)
            MEDIC_RETURN_IF_ERROR(check_new_path_free(repo_dir, change, vacated));
    }
    return files;
}

} // namespace medic::patch
