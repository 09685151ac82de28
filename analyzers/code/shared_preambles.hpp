#pragma once
// SharedPreambles: one precompiled header per group of units that share their compile flags,
// holding the system headers (#include <...>) the group's code includes, with the bodies of
// their functions skipped (as clangd builds its preambles). A unit parsed with it reads the
// standard library, gtest or httplib from the PCH, lazily, instead of parsing them again: most
// of a small service's parse is those headers. Built once per run, the first time a unit of the
// group is parsed, in a folder of Medic's cache that the run removes.
//
// A header included through -I (the project's own, spelled with <>) is never put in it: the
// passes must see the project's code; nor does a group whose flags force includes (-include)
// get one. A unit whose own code defines a macro before an #include <...> (an include guard
// aside) is parsed without it: the system header may depend on the macro. A unit that does not
// parse cleanly with the PCH, or redefines one of its macros, is parsed again without it; when
// that parse is clean the group stops using it. C units get none.

#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <string_view>
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

/// True when `text` defines or undefines a macro before one of its #include <...> lines (the
/// #define of an include guard aside): a system header included there may depend on it.
bool configures_system_headers(std::string_view text);

/// A view of `database` that gives each file its first command only (ClangTool runs every
/// command of a file; a unit compiled in two targets is parsed once).
std::unique_ptr<clang::tooling::CompilationDatabase>
first_command_only(const clang::tooling::CompilationDatabase& database);

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

    /// The units a pass is about to parse: a group with fewer than three of them gets no PCH
    /// in that pass (building it costs about what parsing them alone does).
    void plan(const clang::tooling::CompilationDatabase& database,
              const std::vector<std::string>& units);

    /// The PCH for `unit`'s flags, built by the first thread that asks; nothing when its group
    /// has few units to parse, includes no system header, or the PCH could not be built — and
    /// nothing while another thread builds it: a core is better spent parsing the unit alone
    /// than waiting.
    std::optional<std::string> for_unit(const clang::tooling::CompilationDatabase& database,
                                        const std::string& unit);
    /// `unit` parsed cleanly without the PCH and not with it: its group parses without it.
    void stop_using(const clang::tooling::CompilationDatabase& database, const std::string& unit);
    /// Whether a unit of `unit`'s group that failed with the PCH is worth parsing again
    /// without it: not once two of the group failed both ways (missing generated headers,
    /// say), which would double every failing unit's cost.
    bool worth_retrying(const clang::tooling::CompilationDatabase& database,
                        const std::string& unit);
    void failed_alone_too(const clang::tooling::CompilationDatabase& database,
                          const std::string& unit);

private:
    static constexpr int k_futile_retries = 2;
    static constexpr std::size_t k_units_worth_a_pch = 3;
    struct Built {
        std::optional<std::string> pch;
        std::set<std::string> alone; ///< Units that configure system headers themselves.
    };
    struct Group {
        enum class State { unbuilt, building, built } state = State::unbuilt;
        std::optional<std::string> pch;
        std::set<std::string> alone;
        bool stopped = false;
        int failed_alone_too = 0;
    };
    Group& group_of(const std::string& key); ///< The caller holds m_mutex.
    /// Calls `change` with `unit`'s group, under the lock.
    void change_group(const clang::tooling::CompilationDatabase& database, const std::string& unit,
                      const std::function<void(Group&)>& change);
    Built build(const clang::tooling::CompilationDatabase& database, const std::string& key,
                const std::string& unit);
    std::filesystem::path folder();

    std::mutex m_mutex;
    std::map<std::string, std::unique_ptr<Group>> m_groups;
    std::map<std::string, std::size_t> m_planned; ///< Units the current pass parses, per group.
    std::filesystem::path m_folder;
};

} // namespace medic::code
