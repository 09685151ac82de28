#include "analyzers/telemetry/template_miner.hpp"

#include <gtest/gtest.h>

namespace medic::telemetry {
namespace {

TEST(TemplateMiner, MessagesDifferingInVariablesShareATemplate) {
    TemplateMiner miner(100);
    auto const a = miner.add("no shipping zone for country 'XZ' (order o-1234)");
    auto const b = miner.add("no shipping zone for country 'QQ' (order o-99)");
    EXPECT_EQ(a, b);
    EXPECT_EQ(miner.pattern(a), "no shipping zone for country <*> (order <*>)");
}

TEST(TemplateMiner, DifferentMessagesGetDifferentTemplates) {
    TemplateMiner miner(100);
    auto const a = miner.add("payment declined for order o-1");
    auto const b = miner.add("stock reservation failed after payment captured for order o-2");
    auto const c = miner.add("connection reset by peer");
    EXPECT_NE(a, b);
    EXPECT_NE(b, c);
    EXPECT_EQ(miner.pattern(a), "payment declined for order <*>");
}

TEST(TemplateMiner, MemoryIsBoundedByTheTemplateLimit) {
    TemplateMiner miner(2);
    miner.add("alpha one");
    miner.add("beta two three");
    auto const overflow = miner.add("gamma four five six");
    EXPECT_EQ(overflow, TemplateMiner::k_overflow_id);
    EXPECT_EQ(miner.pattern(overflow), "(other messages: template limit reached)");
}

} // namespace
} // namespace medic::telemetry
