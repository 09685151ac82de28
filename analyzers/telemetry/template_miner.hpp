#pragma once
// Groups log messages into templates with Drain (He, Zhu, Zheng & Lyu, "Drain: An Online Log
// Parsing Approach with Fixed Depth Tree", ICWS 2017).

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace medic::telemetry {

/// Online Drain: messages of the same length and first token are compared with the templates
/// in their leaf; the most similar above the threshold absorbs the message (differing tokens
/// become `<*>`), otherwise the message starts a new template. Memory is bounded by
/// `max_templates`.
class TemplateMiner {
public:
    static constexpr std::string_view k_wildcard = "<*>";
    /// The id given to every message once `max_templates` is reached and none matches.
    static constexpr std::size_t k_overflow_id = SIZE_MAX;

    explicit TemplateMiner(std::size_t max_templates, double similarity_threshold = 0.5);

    /// Files `message` under a template and returns the template's id.
    std::size_t add(std::string_view message);
    /// The current text of template `id` (templates generalise as messages arrive).
    [[nodiscard]] std::string pattern(std::size_t id) const;

private:
    struct Cluster {
        std::vector<std::string> tokens;
    };
    using Leaf = std::vector<std::size_t>; // cluster ids

    static std::vector<std::string> tokenize(std::string_view message);
    [[nodiscard]] double similarity(const Cluster& cluster,
                                    const std::vector<std::string>& tokens) const;
    std::size_t best_match(const Leaf& leaf, const std::vector<std::string>& tokens) const;

    std::size_t m_max_templates;
    double m_threshold;
    std::vector<Cluster> m_clusters;
    std::map<std::pair<std::size_t, std::string>, Leaf> m_tree; ///< (length, first token) -> leaf
};

} // namespace medic::telemetry
