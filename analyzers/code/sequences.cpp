#include "analyzers/code/locate.hpp"
#include "analyzers/code/names.hpp"
#include "analyzers/code/parallel_parse.hpp"
#include "analyzers/code/project.hpp"
#include "analyzers/code/sequence_finder.hpp"
#include "analyzers/code/unit_cache.hpp"
#include "analyzers/code/units.hpp"
#include "bot/model/json.hpp"
#include "bot/model/result.hpp"

#include <clang/Tooling/JSONCompilationDatabase.h>
#include <set>

namespace medic::code {
namespace {

class SequenceJob : public UnitJob {
public:
    SequenceJob(const std::vector<StepNames>& names, const std::filesystem::path& root,
                std::map<std::string, std::pair<int, SequenceSite>>& all, const CandidateUnit& unit,
                const UnitCache& cache)
        : m_finder(names, root), m_all(all), m_unit(unit), m_cache(cache) {}
    void add_matchers(clang::ast_matchers::MatchFinder& finder) override {
        m_finder.register_matchers(finder);
    }
    void merge(const std::string&) override {
        m_cache.store(m_unit, {{"best", m_finder.best()}});
        merge_best(m_all, m_finder.best());
    }

private:
    SequenceFinder m_finder;
    std::map<std::string, std::pair<int, SequenceSite>>& m_all;
    const CandidateUnit& m_unit;
    const UnitCache& m_cache;
};

/// Everything a unit's sequence candidates depend on besides its contents.
std::vector<std::string> sequence_query(const std::vector<StepNames>& names) {
    std::vector<std::string> query;
    for (auto const& sequence : names) {
        query.push_back("sequence " + sequence.sequence);
        for (auto const* spellings : {&sequence.functions, &sequence.routes})
            for (auto const& [spelled, handler] : *spellings)
                query.push_back(spelled + "\x1e" + handler);
    }
    return query;
}

/// How each sequence's steps may be spelled, from where the steps are registered and defined.
std::vector<StepNames> step_names(const std::vector<SequenceQuery>& sequences,
                                  const std::vector<CodeSite>& sites) {
    std::vector<StepNames> all;
    for (auto const& sequence : sequences) {
        StepNames names{sequence.name, {}, {}};
        for (auto const& site : sites) {
            if (std::find(sequence.steps.begin(), sequence.steps.end(), site.handler) ==
                sequence.steps.end())
                continue;
            names.functions[normalize_name(site.qualified_name)] = site.handler;
            for (auto const& registration : site.registrations)
                if (!registration.route.empty())
                    names.routes[registration.route] = site.handler;
        }
        all.push_back(std::move(names));
    }
    return all;
}

} // namespace

Result<std::vector<SequenceSite>> locate_sequences(const ProjectOptions& options,
                                                   const std::vector<SequenceQuery>& sequences) {
    std::set<std::string> unique_steps;
    for (auto const& sequence : sequences)
        unique_steps.insert(sequence.steps.begin(), sequence.steps.end());
    MEDIC_TRY(located, locate_handlers(options, std::vector<std::string>(unique_steps.begin(),
                                                                         unique_steps.end())));
    MEDIC_TRY(opened, open_compile_database(options));
    auto const* database_dir = &opened->dir;
    auto const names = step_names(sequences, located->sites);
    std::vector<std::string> sequence_names;
    for (auto const& sequence : sequences)
        sequence_names.push_back(sequence.name);
    auto const root = std::filesystem::canonical(options.repo);
    std::map<std::string, std::pair<int, SequenceSite>> best;
    auto const units = units_mentioning(*opened, sequence_names);
    UnitCache const cache(medic_cache_dir() / "sequences", "sequences-v1", sequence_query(names));
    auto const to_parse = cache.split(units, [&best](const nlohmann::json& cached) {
        if (!cached.contains("best"))
            return false;
        merge_best(best, cached["best"].get<std::map<std::string, std::pair<int, SequenceSite>>>());
        return true;
    });
    ParallelParse parse{*database_dir, units_of(to_parse), options, [&](const std::string& file) {
                            return std::make_unique<SequenceJob>(names, root, best,
                                                                 *to_parse.at(file), cache);
                        }};
    parse_in_parallel(parse);
    std::vector<SequenceSite> found;
    for (auto const& sequence : sequences)
        if (auto const it = best.find(sequence.name); it != best.end() && it->second.first > 0)
            found.push_back(it->second.second);
    return found;
}

} // namespace medic::code
