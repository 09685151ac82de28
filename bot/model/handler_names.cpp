#include "bot/model/handler_names.hpp"

#include <algorithm>

namespace medic {
namespace {

const std::string k_empty;

} // namespace

bool HandlerNames::empty() const {
    return span.empty() && route.empty() && rpc.empty() && topic.empty() && function.empty();
}

std::vector<std::string> HandlerNames::all() const {
    std::vector<std::string> names;
    for (auto const* name : {&span, &route, &rpc, &topic, &function})
        if (!name->empty() && std::find(names.begin(), names.end(), *name) == names.end())
            names.push_back(*name);
    return names;
}

const std::string& HandlerNames::shown() const {
    for (auto const* name : {&span, &route, &rpc, &topic})
        if (!name->empty())
            return *name;
    return k_empty;
}

void HandlerNames::merge(const HandlerNames& other) {
    auto const fill = [](std::string& mine, const std::string& theirs) {
        if (mine.empty())
            mine = theirs;
    };
    fill(span, other.span);
    fill(route, other.route);
    fill(rpc, other.rpc);
    fill(topic, other.topic);
    fill(function, other.function);
}

bool is_known_as(std::string_view id, const HandlerNames& names, std::string_view name) {
    if (name.empty())
        return false;
    return id == name || names.span == name || names.route == name || names.rpc == name ||
           names.topic == name || names.function == name;
}

std::string describe_handler(std::string_view id, const HandlerNames& names) {
    std::string text(names.shown().empty() ? id : std::string_view(names.shown()));
    std::vector<std::string_view> others;
    for (std::string_view const other : {id, std::string_view(names.function)})
        if (!other.empty() && other != text &&
            std::find(others.begin(), others.end(), other) == others.end())
            others.push_back(other);
    if (others.empty())
        return text;
    text += " (";
    for (std::size_t i = 0; i < others.size(); ++i)
        text.append(i ? ", " : "").append(others[i]);
    return text + ")";
}

} // namespace medic
