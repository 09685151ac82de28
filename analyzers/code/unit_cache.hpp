#pragma once
// UnitCache: per-unit analysis results kept across runs (~/.cache/medic/<kind>/), keyed by
// everything they depend on: the unit's text and project headers and its command line
// (CandidateUnit::content_hash), what was asked, and which Medic build answered.

#include "analyzers/code/units.hpp"

#include <filesystem>
#include <functional>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

namespace medic::code {

/// The units of a UnitCache::split result, for ParallelParse.
std::vector<CandidateUnit> units_of(const std::map<std::string, const CandidateUnit*>& units);

class UnitCache {
public:
    /// `format` names what an entry means (bump it when that changes); `query` is what was asked.
    UnitCache(std::filesystem::path dir, std::string_view format,
              const std::vector<std::string>& query);

    /// The stored result, if this unit was analysed with these contents and this query before.
    [[nodiscard]] std::optional<nlohmann::json> load(const CandidateUnit& unit) const;
    /// Stores `result` atomically (readers never see half a file).
    void store(const CandidateUnit& unit, const nlohmann::json& result) const;

    /// Hands each unit's cached result to `use`; returns the units that must be parsed (those
    /// without an entry, or whose entry `use` rejects), by file name.
    std::map<std::string, const CandidateUnit*>
    split(const std::vector<CandidateUnit>& units,
          const std::function<bool(const nlohmann::json&)>& use) const;

private:
    [[nodiscard]] std::filesystem::path path_for(const CandidateUnit& unit) const;

    std::filesystem::path m_dir;
    std::uint64_t m_query = 0;
};

} // namespace medic::code
