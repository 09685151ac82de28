#pragma once
// ParsedUnits: the translation units one run has parsed, kept in memory so that its later Clang
// passes (callees in other units, benchmarks, checks, sequences, messages) match on the same
// AST instead of parsing the unit again. Bounded by an estimate of the ASTs' memory; the least
// recently used is dropped first. Keyed by the unit's content hash, so a changed file is parsed
// afresh. The run's shared preambles (the system headers' PCH per group of units) live here too.

#include "analyzers/code/shared_preambles.hpp"
#include "analyzers/code/units.hpp"

#include <clang/Frontend/ASTUnit.h>
#include <cstddef>
#include <list>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>

namespace medic::code {

/// A parsed unit, the first error its parse reported (empty when it parsed cleanly), and the
/// declarations its own code and project headers made at file level: what passes walk (the
/// system headers' are left out, whether parsed or read from a PCH).
struct ParsedUnit {
    std::unique_ptr<clang::ASTUnit> ast;
    std::string problem;
    std::vector<clang::Decl*> top_level;
};

class ParsedUnits {
public:
    explicit ParsedUnits(std::size_t max_bytes) : m_max_bytes(max_bytes) {}
    /// Frees the kept units and hands the memory back to the system: a run goes on to build
    /// and benchmark the repository once its analysis is over.
    ~ParsedUnits();
    ParsedUnits(const ParsedUnits&) = delete;
    ParsedUnits& operator=(const ParsedUnits&) = delete;

    /// The unit as an earlier pass left it, if it is still kept; the caller owns it until it
    /// gives it back with keep(), so no two passes ever match on one AST at once.
    std::optional<ParsedUnit> take(const CandidateUnit& unit);
    /// Keeps `parsed` for later passes, dropping the least recently used units while over the
    /// budget (a unit larger than the whole budget is not kept).
    void keep(const CandidateUnit& unit, ParsedUnit parsed);

    /// Whether `unit` (as it is now) is kept.
    [[nodiscard]] bool holds(const CandidateUnit& unit) const;

    /// The estimated memory of the units kept now.
    [[nodiscard]] std::size_t kept_bytes() const;

    /// The run's precompiled system headers.
    SharedPreambles& preambles() { return m_preambles; }

private:
    using Key = std::pair<std::string, std::uint64_t>;
    struct Entry {
        ParsedUnit parsed;
        std::size_t bytes = 0;
        std::list<Key>::iterator age;
    };

    /// Takes an entry out (the caller holds the lock).
    ParsedUnit remove(std::map<Key, Entry>::iterator entry);

    SharedPreambles m_preambles; ///< First: its files outlive the ASTs that read them.
    std::size_t m_max_bytes;
    std::size_t m_bytes = 0;
    std::map<Key, Entry> m_entries;
    std::list<Key> m_ages; ///< Most recently kept last.
    mutable std::mutex m_mutex;
};

/// An estimate of the memory a kept AST holds: its context, source buffers, preprocessor.
std::size_t memory_of(const clang::ASTUnit& unit);

} // namespace medic::code
