#pragma once
// Finds an open sequence run by its id. The ingest hot path asks for every span whether it
// parents an open run — mostly misses, over tens of thousands of open runs — so this is a flat,
// open-addressed table of 64-bit hashes (one cache line per probe, nothing allocated per
// entry), where a node-based map cost a third of OTLP ingest in cache misses.

#include <cstdint>
#include <functional>
#include <string_view>
#include <vector>

namespace medic::telemetry {

/// Maps run ids to `Value` (a pointer or iterator). `id_of(value)` must give back the id a value
/// was inserted under, so that a hash collision is never taken for the run.
template <typename Value, typename IdOf>
class RunIndex {
public:
    explicit RunIndex(IdOf id_of) : m_id_of(id_of), m_slots(1024) {}

    /// The value inserted under `id`, or nullptr.
    [[nodiscard]] const Value* find(std::string_view id) const {
        auto const hash = hash_of(id);
        for (auto slot = hash & mask();; slot = (slot + 1) & mask()) {
            auto const& entry = m_slots[slot];
            if (entry.hash == 0)
                return nullptr;
            if (entry.hash == hash && m_id_of(entry.value) == id)
                return &entry.value;
        }
    }

    /// Adds `value` under `id`, which must not be in the index.
    void insert(std::string_view id, Value value) {
        if ((m_size + 1) * 2 > m_slots.size())
            grow();
        place(hash_of(id), value);
        ++m_size;
    }

    /// Removes `id` (absent: nothing happens).
    void erase(std::string_view id) {
        auto const hash = hash_of(id);
        auto slot = hash & mask();
        for (;; slot = (slot + 1) & mask()) {
            if (m_slots[slot].hash == 0)
                return;
            if (m_slots[slot].hash == hash && m_id_of(m_slots[slot].value) == id)
                break;
        }
        // Backward-shift deletion: later entries of the probe chain move up, no tombstones.
        for (auto next = (slot + 1) & mask(); m_slots[next].hash != 0; next = (next + 1) & mask()) {
            auto const home = m_slots[next].hash & mask();
            if (((next - home) & mask()) >= ((next - slot) & mask())) {
                m_slots[slot] = m_slots[next];
                slot = next;
            }
        }
        m_slots[slot] = Entry{};
        --m_size;
    }

    [[nodiscard]] std::size_t size() const { return m_size; }

private:
    struct Entry {
        std::uint64_t hash = 0; ///< 0: empty.
        Value value{};
    };

    static std::uint64_t hash_of(std::string_view id) {
        auto const hash = static_cast<std::uint64_t>(std::hash<std::string_view>{}(id));
        return hash == 0 ? 1 : hash;
    }
    [[nodiscard]] std::uint64_t mask() const { return m_slots.size() - 1; }

    void place(std::uint64_t hash, Value value) {
        auto slot = hash & mask();
        while (m_slots[slot].hash != 0)
            slot = (slot + 1) & mask();
        m_slots[slot] = Entry{hash, value};
    }

    void grow() {
        auto old = std::move(m_slots);
        m_slots.assign(old.size() * 2, Entry{});
        for (auto const& entry : old)
            if (entry.hash != 0)
                place(entry.hash, entry.value);
    }

    IdOf m_id_of;
    std::vector<Entry> m_slots; ///< A power of two, at most half full.
    std::size_t m_size = 0;
};

} // namespace medic::telemetry
