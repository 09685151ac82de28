#include "analyzers/code/parsed_units.hpp"

#include <clang/AST/ASTContext.h>
#include <clang/Basic/SourceManager.h>
#include <clang/Lex/Preprocessor.h>
#include <malloc.h>

namespace medic::code {

std::size_t memory_of(const clang::ASTUnit& unit) {
    auto const& context = unit.getASTContext();
    auto const& sources = unit.getSourceManager();
    auto const counted = context.getASTAllocatedMemory() + context.getSideTableAllocatedMemory() +
                         sources.getContentCacheSize() + sources.getDataStructureSizes() +
                         unit.getPreprocessor().getTotalMemory();
    // What Clang counts is about half of what a kept unit costs the process (measured on the
    // depot: 1.0 GB counted for twelve units, 2.4 GB resident): Sema's tables, the file
    // manager, allocator slack.
    return 2 * counted;
}

std::optional<ParsedUnit> ParsedUnits::take(const CandidateUnit& unit) {
    std::lock_guard lock(m_mutex);
    auto const found = m_entries.find({unit.file, unit.content_hash});
    if (found == m_entries.end())
        return std::nullopt;
    return remove(found);
}

ParsedUnits::~ParsedUnits() {
    m_entries.clear();
    ::malloc_trim(0); // glibc would otherwise keep the freed arenas for this process
}

void ParsedUnits::keep(const CandidateUnit& unit, ParsedUnit parsed) {
    if (!parsed.ast)
        return;
    auto const bytes = memory_of(*parsed.ast);
    std::lock_guard lock(m_mutex);
    Key key{unit.file, unit.content_hash};
    if (auto const same = m_entries.find(key); same != m_entries.end())
        remove(same);
    if (bytes > m_max_bytes)
        return;
    while (m_bytes + bytes > m_max_bytes && !m_ages.empty())
        remove(m_entries.find(m_ages.front()));
    m_ages.push_back(key);
    m_entries[key] = Entry{std::move(parsed), bytes, std::prev(m_ages.end())};
    m_bytes += bytes;
}

bool ParsedUnits::holds(const CandidateUnit& unit) const {
    std::lock_guard lock(m_mutex);
    return m_entries.contains({unit.file, unit.content_hash});
}

std::size_t ParsedUnits::kept_bytes() const {
    std::lock_guard lock(m_mutex);
    return m_bytes;
}

ParsedUnit ParsedUnits::remove(std::map<Key, Entry>::iterator entry) {
    ParsedUnit parsed = std::move(entry->second.parsed);
    m_bytes -= entry->second.bytes;
    m_ages.erase(entry->second.age);
    m_entries.erase(entry);
    return parsed;
}

} // namespace medic::code
