#include "bot/pipeline/code_attributes.hpp"

#include "bot/model/evidence.hpp"

#include <charconv>

namespace medic::pipeline {

Result<code::CodePlace> parse_code_place(std::string_view text) {
    auto const colon = text.rfind(':');
    std::int64_t line = 0;
    if (colon == std::string_view::npos || colon == 0 ||
        std::from_chars(text.data() + colon + 1, text.data() + text.size(), line).ptr !=
            text.data() + text.size() ||
        line <= 0)
        return fail(ErrorCode::invalid_input,
                    "--code wants FILE:LINE (e.g. src/cart.cpp:42), got '" + std::string(text) +
                        "'");
    return code::CodePlace{std::string(text.substr(0, colon)), line};
}

std::vector<code::PlaceMatch> resolve_places(const code::ProjectOptions& project,
                                             const std::vector<code::CodePlace>& places,
                                             const Warn& warn) {
    if (places.empty())
        return {};
    auto matches = code::functions_at(project, places);
    if (!matches) {
        warn("code attributes: " + matches.error().message);
        return {};
    }
    for (auto const& place : places)
        if (std::none_of(matches->begin(), matches->end(), [&](const code::PlaceMatch& m) {
                return m.place.filepath == place.filepath && m.place.lineno == place.lineno;
            }))
            warn(place.filepath + ":" + std::to_string(place.lineno) +
                 " (code attributes): no function of the repository contains it");
    return *matches;
}

std::map<std::string, std::string>
functions_from_code_attributes(const code::ProjectOptions& project,
                               const std::vector<Anomaly>& anomalies, const Warn& warn) {
    std::vector<code::CodePlace> places;
    std::vector<std::string> handlers;
    for (auto const& anomaly : anomalies) {
        if (anomaly.handler.empty() || anomaly.kind != AnomalyKind::slow)
            continue;
        auto const code = slow_evidence(anomaly).code;
        if (code && !code->filepath.empty() && code->lineno > 0) {
            places.push_back({code->filepath, code->lineno});
            handlers.push_back(anomaly.handler);
        }
    }
    std::map<std::string, std::string> functions;
    for (auto const& match : resolve_places(project, places, warn))
        for (std::size_t i = 0; i < places.size(); ++i)
            if (places[i].filepath == match.place.filepath &&
                places[i].lineno == match.place.lineno &&
                handlers[i].substr(0, handlers[i].find('<')) != match.function)
                functions[handlers[i]] = match.function;
    return functions;
}

} // namespace medic::pipeline
