#include "analyzers/code/unit_cache.hpp"

#include "bot/model/json.hpp"
#include "bot/model/text_file.hpp"

#include <fstream>
#include <sstream>
#include <string>

namespace medic::code {
namespace {

/// Which Medic wrote an entry: a rebuilt Medic (its analysis may have changed) starts afresh.
std::string medic_build_identity() {
    std::error_code error;
    auto const self = std::filesystem::read_symlink("/proc/self/exe", error);
    if (error)
        return "unknown";
    auto const size = std::filesystem::file_size(self, error);
    auto const time = std::filesystem::last_write_time(self, error).time_since_epoch().count();
    return std::to_string(size) + ":" + std::to_string(time);
}

} // namespace

UnitCache::UnitCache(std::filesystem::path dir, std::string_view format,
                     const std::vector<std::string>& query)
    : m_dir(std::move(dir)) {
    m_query = fnv1a(medic_build_identity(), fnv1a(format));
    for (auto const& part : query)
        m_query = fnv1a(part, fnv1a("\x1f", m_query));
}

std::filesystem::path UnitCache::path_for(const CandidateUnit& unit) const {
    char name[40];
    std::snprintf(
        name, sizeof name, "%016llx.json",
        static_cast<unsigned long long>(fnv1a(std::to_string(unit.content_hash), m_query)));
    return m_dir / name;
}

std::optional<nlohmann::json> UnitCache::load(const CandidateUnit& unit) const {
    std::ifstream in(path_for(unit));
    if (!in)
        return std::nullopt;
    std::ostringstream text;
    text << in.rdbuf();
    auto json = nlohmann::json::parse(text.str(), nullptr, false);
    if (json.is_discarded() || !json.is_object())
        return std::nullopt; // a damaged entry is analysed again
    return json;
}

void UnitCache::store(const CandidateUnit& unit, const nlohmann::json& result) const {
    // A reader never sees half an entry, and an entry that could not be written whole (a full
    // disk) is not kept. A cache is an optimisation, so a failure only costs the next run a parse.
    static_cast<void>(replace_text_file(path_for(unit), to_json_text(result)));
}

std::map<std::string, const CandidateUnit*>
UnitCache::split(const std::vector<CandidateUnit>& units,
                 const std::function<bool(const nlohmann::json&)>& use) const {
    std::map<std::string, const CandidateUnit*> to_parse;
    for (auto const& unit : units)
        if (auto cached = load(unit); !cached || !use(*cached))
            to_parse[unit.file] = &unit;
    return to_parse;
}

std::vector<CandidateUnit> units_of(const std::map<std::string, const CandidateUnit*>& units) {
    std::vector<CandidateUnit> out;
    for (auto const& [file, unit] : units)
        out.push_back(*unit);
    return out;
}

} // namespace medic::code
