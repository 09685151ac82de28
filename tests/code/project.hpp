#pragma once
// A tiny C++ project on disk with its own compile_commands.json, for the code-analysis tests.

#include "analyzers/code/analyze.hpp"
#include "bot/model/json.hpp"
#include "tests/support/temp_dir.hpp"

#include <cstdlib>
#include <gtest/gtest.h>

namespace medic::test {

class Project {
public:
    /// Keeps Medic's cache (CMake configures, per-unit results) inside the test's directory.
    Project() { ::setenv("XDG_CACHE_HOME", (m_dir.path() / "cache").c_str(), 1); }

    void add(const std::string& name, const std::string& text) {
        auto const path = m_dir.path() / name;
        std::filesystem::create_directories(path.parent_path());
        static_cast<void>(m_dir.write(name, text));
        if (name.ends_with(".cpp") &&
            std::find(m_units.begin(), m_units.end(), path.string()) == m_units.end())
            m_units.push_back(path.string());
    }
    [[nodiscard]] const std::filesystem::path& root() const { return m_dir.path(); }

    code::LocateResult locate(const std::vector<std::string>& handlers, unsigned callee_depth = 3) {
        write_database();
        if (handlers.empty())
            return {};
        auto result = code::locate_handlers({m_dir.path(), {}, 2, {}, callee_depth}, handlers);
        EXPECT_TRUE(result) << (result ? "" : result.error().message);
        return result ? *result : code::LocateResult{};
    }
    std::vector<code::PlaceMatch> functions_at(const std::vector<code::CodePlace>& places) {
        write_database();
        auto result = code::functions_at({m_dir.path(), {}, 2, {}}, places);
        EXPECT_TRUE(result) << (result ? "" : result.error().message);
        return result ? *result : std::vector<code::PlaceMatch>{};
    }
    code::AnalyzeResult analyze(const std::vector<std::string>& handlers) {
        std::vector<code::HandlerQuery> queries;
        for (auto const& handler : handlers)
            queries.push_back({handler, {}});
        return analyze(queries);
    }
    code::AnalyzeResult analyze(const std::vector<code::HandlerQuery>& queries) {
        write_database();
        auto result = code::analyze_handlers({m_dir.path(), {}, 2, {}}, queries);
        EXPECT_TRUE(result) << (result ? "" : result.error().message);
        return result ? *result : code::AnalyzeResult{};
    }

    /// Writes compile_commands.json for the units added so far.
    void write_database() {
        nlohmann::json database = nlohmann::json::array();
        // g++-style command lines, including a flag clang does not know, as real projects have.
        for (auto const& unit : m_units)
            database.push_back(
                {{"directory", m_dir.path().string()},
                 {"file", unit},
                 {"command", "/usr/bin/g++ -std=c++20 -fconcepts-diagnostics-depth=2 -I" +
                                 (m_dir.path() / "include").string() + m_extra_flags + " -c " +
                                 unit}});
        static_cast<void>(m_dir.write("compile_commands.json", database.dump()));
    }

    /// Flags every unit's command gets too (" -isystem DIR", " -DNAME").
    void add_flags(const std::string& flags) { m_extra_flags += flags; }

private:
    TempDir m_dir;
    std::vector<std::string> m_units;
    std::string m_extra_flags;
};

} // namespace medic::test
