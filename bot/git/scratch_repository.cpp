#include "bot/git/scratch_repository.hpp"

#include "bot/model/result.hpp"

#include <cerrno>
#include <cstdlib>
#include <cstring>

namespace medic::git {

Result<ScratchDir> ScratchDir::create() {
    std::error_code error;
    auto const base = std::filesystem::temp_directory_path(error);
    if (error)
        return fail(ErrorCode::unavailable, "no temporary directory: " + error.message());
    std::string pattern = (base / "medic-patch-XXXXXX").string();
    if (::mkdtemp(pattern.data()) == nullptr)
        return fail(ErrorCode::unavailable, "cannot create a scratch folder in " + base.string() +
                                                ": " + std::strerror(errno));
    return ScratchDir(pattern);
}

ScratchDir::~ScratchDir() {
    if (m_path.empty())
        return;
    std::error_code ignored;
    std::filesystem::remove_all(m_path, ignored);
}

ScratchDir& ScratchDir::operator=(ScratchDir&& other) noexcept {
    if (this != &other) {
        ScratchDir doomed(std::move(*this));
        m_path = std::exchange(other.m_path, {});
    }
    return *this;
}

Result<ScratchRepository> ScratchRepository::create() {
    MEDIC_TRY(dir, ScratchDir::create());
    GitRepository repository;
    if (git_repository_init(repository.out(), dir->path().c_str(), /*is_bare=*/1) < 0)
        return git_failure(ErrorCode::internal, "creating a scratch repository");
    return ScratchRepository(std::move(*dir), std::move(repository));
}

Result<GitTree> ScratchRepository::write_tree(const std::map<std::string, BaseFile>& files) const {
    GitIndex index;
    if (git_index_new(index.out()) < 0)
        return git_failure(ErrorCode::internal, "creating an index");
    for (auto const& [path, file] : files) {
        git_index_entry entry{};
        entry.path = path.c_str();
        entry.mode = file.executable ? GIT_FILEMODE_BLOB_EXECUTABLE : GIT_FILEMODE_BLOB;
        if (git_blob_create_from_buffer(&entry.id, m_repository.get(), file.content.data(),
                                        file.content.size()) < 0 ||
            git_index_add(index.get(), &entry) < 0)
            return git_failure(ErrorCode::internal, "storing " + path);
    }
    git_oid tree_id;
    GitTree tree;
    if (git_index_write_tree_to(&tree_id, index.get(), m_repository.get()) < 0 ||
        git_tree_lookup(tree.out(), m_repository.get(), &tree_id) < 0)
        return git_failure(ErrorCode::internal, "writing the base tree");
    return tree;
}

Result<std::optional<std::string>> ScratchRepository::read_file(git_index& index,
                                                                const std::string& path) const {
    git_index_entry const* entry = git_index_get_bypath(&index, path.c_str(), 0);
    if (entry == nullptr)
        return std::nullopt;
    GitBlob blob;
    if (git_blob_lookup(blob.out(), m_repository.get(), &entry->id) < 0)
        return git_failure(ErrorCode::internal, "reading the patched " + path);
    auto const* bytes = static_cast<const char*>(git_blob_rawcontent(blob.get()));
    return std::string(bytes, static_cast<std::size_t>(git_blob_rawsize(blob.get())));
}

} // namespace medic::git
