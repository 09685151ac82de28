// Baseline for bench/ingest: the straightforward way to read Medic JSON lines — std::getline
// and nlohmann::json::parse per line — computing the same per-handler count, errors and sum.

#include <cstdio>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>
#include <unordered_map>

namespace {

struct Totals {
    unsigned long long count = 0;
    unsigned long long errors = 0;
    double sum_ms = 0;
};

} // namespace

int main(int argc, char** argv) {
    if (argc != 2) {
        std::fprintf(stderr, "usage: %s EVENTS.jsonl\n", argv[0]);
        return 2;
    }
    std::ifstream in(argv[1]);
    std::unordered_map<std::string, Totals> handlers;
    unsigned long long malformed = 0;
    std::string line;
    while (std::getline(in, line)) {
        auto const event = nlohmann::json::parse(line, nullptr, false);
        if (event.is_discarded() || !event.contains("handler") || !event.contains("duration_ms")) {
            ++malformed;
            continue;
        }
        auto& totals = handlers[event["handler"].get<std::string>()];
        ++totals.count;
        totals.errors += event.value("status", "") == "error" ? 1 : 0;
        totals.sum_ms += event["duration_ms"].get<double>();
        (void)event.value("ts", "");
    }
    std::printf("%zu handlers, %llu malformed\n", handlers.size(), malformed);
    return 0;
}
