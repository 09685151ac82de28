#include "analyzers/telemetry/template_miner.hpp"

#include <algorithm>
#include <cctype>

namespace medic::telemetry {
namespace {

/// Drain's preprocessing: tokens carrying digits are variables (ids, counts, addresses, times).
bool looks_variable(std::string_view token) {
    return std::any_of(token.begin(), token.end(),
                       [](unsigned char c) { return std::isdigit(c) != 0; });
}

/// `(o-123),` -> `(<*>),`: the variable core is masked, punctuation around it stays literal.
std::string mask_token(std::string_view token) {
    constexpr std::string_view k_punctuation = "()[]{}<>'\",;:.!?";
    auto const begin = token.find_first_not_of(k_punctuation);
    if (begin == std::string_view::npos || !looks_variable(token))
        return std::string(token);
    auto const end = token.find_last_not_of(k_punctuation) + 1;
    return std::string(token.substr(0, begin)) + std::string(TemplateMiner::k_wildcard) +
           std::string(token.substr(end));
}

} // namespace

TemplateMiner::TemplateMiner(std::size_t max_templates, double similarity_threshold)
    : m_max_templates(max_templates), m_threshold(similarity_threshold) {}

std::vector<std::string> TemplateMiner::tokenize(std::string_view message) {
    std::vector<std::string> tokens;
    std::size_t pos = 0;
    while (pos < message.size()) {
        while (pos < message.size() && std::isspace(static_cast<unsigned char>(message[pos])))
            ++pos;
        std::size_t const start = pos;
        while (pos < message.size() && !std::isspace(static_cast<unsigned char>(message[pos])))
            ++pos;
        if (pos > start) {
            auto const token = message.substr(start, pos - start);
            tokens.push_back(mask_token(token));
        }
    }
    return tokens;
}

double TemplateMiner::similarity(const Cluster& cluster,
                                 const std::vector<std::string>& tokens) const {
    if (tokens.empty())
        return 1.0;
    std::size_t same = 0;
    for (std::size_t i = 0; i < tokens.size(); ++i)
        if (cluster.tokens[i] == tokens[i] && cluster.tokens[i] != k_wildcard)
            ++same;
    return static_cast<double>(same) / static_cast<double>(tokens.size());
}

std::size_t TemplateMiner::best_match(const Leaf& leaf,
                                      const std::vector<std::string>& tokens) const {
    std::size_t best = k_overflow_id;
    double best_score = -1;
    for (std::size_t const id : leaf) {
        double const score = similarity(m_clusters[id], tokens);
        if (score > best_score) {
            best_score = score;
            best = id;
        }
    }
    // An all-variable message (every token `<*>`) matches its leaf's template outright.
    bool const all_wild = std::all_of(tokens.begin(), tokens.end(),
                                      [](const std::string& t) { return t == k_wildcard; });
    return best_score >= m_threshold || (all_wild && best != k_overflow_id) ? best : k_overflow_id;
}

std::size_t TemplateMiner::add(std::string_view message) {
    auto tokens = tokenize(message);
    std::string const first = tokens.empty() ? std::string() : tokens.front();
    auto& leaf = m_tree[{tokens.size(), first}];
    std::size_t const match = best_match(leaf, tokens);
    if (match != k_overflow_id) {
        auto& cluster = m_clusters[match];
        for (std::size_t i = 0; i < tokens.size(); ++i)
            if (cluster.tokens[i] != tokens[i])
                cluster.tokens[i] = k_wildcard;
        return match;
    }
    if (m_clusters.size() >= m_max_templates)
        return k_overflow_id;
    m_clusters.push_back({std::move(tokens)});
    leaf.push_back(m_clusters.size() - 1);
    return m_clusters.size() - 1;
}

std::string TemplateMiner::pattern(std::size_t id) const {
    if (id >= m_clusters.size())
        return "(other messages: template limit reached)";
    std::string text;
    for (auto const& token : m_clusters[id].tokens) {
        if (!text.empty())
            text += ' ';
        text += token;
    }
    return text;
}

} // namespace medic::telemetry
