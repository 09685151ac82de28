#include "generators/docs/commit_message.hpp"

#include "bot/model/evidence.hpp"
#include "bot/model/text.hpp"
#include "generators/docs/markdown.hpp"

#include <array>
#include <cctype>
#include <utility>
#include <vector>

namespace medic {

namespace {

// What each built-in fixer (generators/fix/register_all.cpp) does, as a commit subject says it.
constexpr std::array<std::pair<std::string_view, std::string_view>, 7> k_fixer_phrases = {{
    {"perf-regex-in-loop", "hoist the regex out of the loop"},
    {"perf-param-by-value", "take the parameter by const reference"},
    {"perf-push-back-without-reserve", "reserve the vector before the loop"},
    {"perf-range-for-copy", "iterate by const reference, not by copy"},
    {"perf-string-concat-in-loop", "append to the string in place"},
    {"perf-endl-in-loop", "stop flushing the stream on every line"},
    {"perf-map-double-lookup", "look the key up once"},
}};

constexpr std::size_t k_max_root_cause_phrase = 50;

std::vector<std::string> components(std::string_view name) {
    std::vector<std::string> parts;
    for (std::size_t at = 0; at <= name.size();) {
        const std::size_t end = std::min(name.find("::", at), name.size());
        if (end > at)
            parts.emplace_back(name.substr(at, end - at));
        at = end + 2;
    }
    return parts;
}

bool generic_member(std::string_view part) {
    for (const std::string_view verb :
         {"handle", "run", "operator()", "call", "execute", "process", "invoke", "serve"})
        if (part == verb)
            return true;
    return false;
}

// "shop::ReserveStock::handle" -> "ReserveStock": the part a reader recognises.
std::string short_name(std::string_view name) {
    std::vector<std::string> parts = components(name);
    if (parts.size() > 1 && generic_member(parts.back()))
        parts.pop_back();
    return parts.empty() ? std::string(name) : parts.back();
}

std::string reorder_phrase(const Anomaly& anomaly) {
    const MisorderedEvidence evidence = misordered_evidence(anomaly);
    const auto& expected = evidence.expected_order;
    const auto& actual = evidence.actual_order;
    for (std::size_t i = 0; i < std::min(expected.size(), actual.size()); ++i)
        if (expected[i] != actual[i])
            return "run " + short_name(expected[i]) + " before " + short_name(actual[i]);
    return "restore the order of the " + plain_line(anomaly.sequence) + " steps";
}

std::string kind_phrase(AnomalyKind kind) {
    switch (kind) {
    case AnomalyKind::slow:
        return "cut the time per call";
    case AnomalyKind::trend:
        return "stop the latency from creeping up";
    case AnomalyKind::misordered:
        return "restore the order of the steps";
    case AnomalyKind::errors:
        return "stop failing the recorded requests";
    case AnomalyKind::untested:
        return "cover the handler with a test";
    }
    return "fix the anomaly";
}

// The root cause's first sentence, lower-cased at its start, when it makes a short phrase.
std::string root_cause_phrase(std::string_view root_cause) {
    std::string sentence = plain_line(root_cause.substr(0, root_cause.find(". ")));
    while (!sentence.empty() && (sentence.back() == '.' || sentence.back() == ' '))
        sentence.pop_back();
    if (sentence.empty() || columns(sentence) > k_max_root_cause_phrase)
        return {};
    if (sentence.size() > 1 && std::isupper(static_cast<unsigned char>(sentence[0])) != 0 &&
        std::islower(static_cast<unsigned char>(sentence[1])) != 0)
        sentence[0] = static_cast<char>(std::tolower(static_cast<unsigned char>(sentence[0])));
    return sentence;
}

std::string cut_at_word(std::string_view text, std::size_t width) {
    if (columns(text) <= width)
        return std::string(text);
    std::string cut = utf8_prefix(text, width);
    if (const auto space = cut.rfind(' '); space != std::string::npos && space > 0)
        cut.resize(space);
    return cut;
}

std::vector<std::string_view> words_of(std::string_view text) {
    std::vector<std::string_view> words;
    for (std::size_t at = 0; at < text.size();) {
        const std::size_t end = std::min(text.find(' ', at), text.size());
        if (end > at)
            words.push_back(text.substr(at, end - at));
        at = end + 1;
    }
    return words;
}

std::string wrap_line(std::string_view line) {
    const std::size_t indent = std::min(line.find_first_not_of(' '), line.size());
    const std::string_view rest = line.substr(indent);
    std::string continuation(indent, ' ');
    if (rest.starts_with("- ") || rest.starts_with("* "))
        continuation += "  ";
    std::string out;
    std::string current(indent, ' ');
    bool empty = true; // `current` holds no word yet
    for (const std::string_view word : words_of(rest)) {
        if (!empty && columns(current) + 1 + columns(word) > k_commit_columns) {
            out += current + "\n";
            current = continuation;
            empty = true;
        }
        if (!empty)
            current += ' ';
        current += word;
        empty = false;
    }
    return out + current;
}

} // namespace

std::size_t columns(std::string_view text) {
    std::size_t count = 0;
    for (const char c : text)
        count += (static_cast<unsigned char>(c) & 0xC0) != 0x80 ? 1 : 0;
    return count;
}

std::string_view commit_type(AnomalyKind kind) {
    return kind == AnomalyKind::slow || kind == AnomalyKind::trend ? "perf" : "fix";
}

std::string change_phrase(const PatchDraft& draft, const Anomaly& anomaly) {
    for (const auto& [fixer, phrase] : k_fixer_phrases)
        if (draft.fixer == fixer)
            return std::string(phrase);
    if (draft.fixer == "reorder-sequence" || anomaly.kind == AnomalyKind::misordered)
        return reorder_phrase(anomaly);
    if (std::string phrase = root_cause_phrase(draft.root_cause); !phrase.empty())
        return phrase;
    return kind_phrase(anomaly.kind);
}

std::string commit_subject(std::string_view type, std::string_view scope, std::string_view phrase) {
    const std::string full(plain_line(scope));
    std::vector<std::string> scopes = {full};
    std::vector<std::string> parts = components(full);
    if (parts.size() > 1 && generic_member(parts.back())) {
        parts.pop_back();
        std::string joined;
        for (const auto& part : parts)
            joined += (joined.empty() ? "" : "::") + part;
        scopes.push_back(joined);
    }
    scopes.push_back(short_name(full));
    scopes.emplace_back();
    const std::string text = plain_line(phrase);
    std::string subject;
    for (const std::string& candidate : scopes) {
        subject = std::string(type) + (candidate.empty() ? "" : "(" + candidate + ")") + ": ";
        if (columns(subject) + columns(text) <= k_commit_columns)
            return subject + text;
    }
    return subject + cut_at_word(text, k_commit_columns - columns(subject));
}

std::string wrap_commit_message(std::string_view message) {
    std::string out;
    std::size_t at = 0;
    for (bool first = true; at <= message.size(); first = false) {
        std::size_t end = message.find('\n', at);
        end = end == std::string_view::npos ? message.size() : end;
        const std::string_view line = message.substr(at, end - at);
        out += first || columns(line) <= k_commit_columns ? std::string(line) : wrap_line(line);
        if (end < message.size())
            out += '\n';
        at = end + 1;
    }
    return out;
}

} // namespace medic
