#pragma once
// SharedPreambles: one precompiled header per group of units that share their compile flags,
// holding the system headers (#include <...>) the group's code includes, with the bodies of
// their functions skipped (as clangd builds its preambles). A unit parsed with it reads the
// standard library, gtest or httplib from the PCH, lazily, instead of parsing them again: most
// of a small service's parse is those headers. Built once per run, the first time a unit of the
// group is parsed, in a folder of Medic's cache that the run removes.
//
// A header included through -I (the project's own, spelled with <>) is never put in it: the
// passes must see the project's code. A unit that does not parse cleanly with the PCH is
// parsed again without it, and when that parse is clean the group stops using it (its
// headers may depend on macros the unit defines first).

#include <filesystem>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

namespace clang::tooling {
class CompilationDatabase;
} // namespace clang::tooling

namespace medic::code {

/// The flags that decide which PCH a unit uses: its command's directory and arguments without
/// the unit's file, its output and its dependency file, so the units of one target share it.
std::string flags_key(const std::string& directory, const std::string& file,
                      const std::vector<std::string>& arguments);

/// The system headers `texts` include with <...>, in order, each once; those found in
/// `project_dirs` (the project's -I folders) are left out.
std::vector<std::string> system_includes(const std::vector<const std::string*>& texts,
                                         const std::vector<std::filesystem::path>& project_dirs);

/// The order to parse `units` in: one unit of each group (by flags) in turn, so that parallel
/// workers start by building different groups' PCHs. Indexes into `units`.
std::vector<std::size_t> interleaved_by_group(const clang::tooling::CompilationDatabase& database,
                                              const std::vector<std::string>& units);

class SharedPreambles {
public:
    SharedPreambles() = default;
    ~SharedPreambles(); ///< Removes the PCH folder.
    SharedPreambles(const SharedPreambles&) = delete;
    SharedPreambles& operator=(const SharedPreambles&) = delete;

    /// The PCH for `unit`'s flags, built by the first thread that asks; nothing when its group
    /// has one unit, includes no system header, or the PCH could not be built — and nothing
    /// while another thread builds it: a core is better spent parsing the unit alone than
    /// waiting.
    std::optional<std::string> for_unit(const clang::tooling::CompilationDatabase& database,
                                        const std::string& unit);
    /// `unit` parsed cleanly without the PCH and not with it: its group parses without it.
    void stop_using(const clang::tooling::CompilationDatabase& database, const std::string& unit);

private:
    struct Group {
        enum class State { unbuilt, building, built } state = State::unbuilt;
        std::optional<std::string> pch;
        bool stopped = false;
    };
    Group& group_of(const std::string& key);
    std::optional<std::string> build(const clang::tooling::CompilationDatabase& database,
                                     const std::string& key, const std::string& unit);
    std::filesystem::path folder();

    std::mutex m_mutex;
    std::map<std::string, std::unique_ptr<Group>> m_groups;
    std::filesystem::path m_folder;
};

} // namespace medic::code
