#include "analyzers/telemetry/run_index.hpp"

#include <gtest/gtest.h>
#include <map>
#include <random>
#include <string>

namespace medic::telemetry {
namespace {

std::string_view id_of(const std::string* const& run) {
    return *run;
}

using Index = RunIndex<const std::string*, std::string_view (*)(const std::string* const&)>;

TEST(RunIndex, FindsWhatWasInsertedAndNothingElse) {
    Index index(&id_of);
    std::string const a = "trace:a", b = "trace:b";
    index.insert(a, &a);
    index.insert(b, &b);
    ASSERT_NE(index.find("trace:a"), nullptr);
    EXPECT_EQ(*index.find("trace:a"), &a);
    EXPECT_EQ(index.find("trace:c"), nullptr);
    index.erase("trace:a");
    EXPECT_EQ(index.find("trace:a"), nullptr);
    EXPECT_EQ(*index.find("trace:b"), &b);
    index.erase("never inserted");
    EXPECT_EQ(index.size(), 1u);
}

TEST(RunIndex, AgreesWithAMapThroughGrowthAndManyErasures) {
    // Backward-shift deletion must keep every probe chain whole: compare with std::map.
    Index index(&id_of);
    std::map<std::string, std::unique_ptr<std::string>> reference;
    std::mt19937 rng(7);
    for (int step = 0; step < 20000; ++step) {
        auto const id = "run-" + std::to_string(rng() % 3000);
        if (auto it = reference.find(id); it != reference.end() && rng() % 2 == 0) {
            index.erase(id);
            reference.erase(it);
        } else if (it == reference.end()) {
            auto owned = std::make_unique<std::string>(id);
            index.insert(*owned, owned.get());
            reference.emplace(id, std::move(owned));
        }
    }
    EXPECT_EQ(index.size(), reference.size());
    for (int id = 0; id < 3000; ++id) {
        auto const name = "run-" + std::to_string(id);
        auto const* found = index.find(name);
        auto const it = reference.find(name);
        ASSERT_EQ(found != nullptr, it != reference.end()) << name;
        if (found != nullptr)
            EXPECT_EQ(*found, it->second.get());
    }
}

} // namespace
} // namespace medic::telemetry
