#include "generators/docs/markdown.hpp"

#include <algorithm>
#include <cctype>

namespace medic {

namespace {

constexpr std::string_view k_zero_width_space = "\u200B";

std::size_t run_length(std::string_view text, std::size_t at, char c) {
    std::size_t end = at;
    while (end < text.size() && text[end] == c)
        ++end;
    return end - at;
}

std::size_t longest_run(std::string_view text, char c) {
    std::size_t longest = 0;
    for (std::size_t at = 0; at < text.size();) {
        const std::size_t run = run_length(text, at, c);
        longest = std::max(longest, run);
        at += std::max<std::size_t>(run, 1);
    }
    return longest;
}

// Where the code span opened by the `open`-long backtick run ending at `from` closes: the next
// run of exactly that length (CommonMark), or npos.
std::size_t code_span_close(std::string_view text, std::size_t from, std::size_t open) {
    for (std::size_t at = from; at < text.size();) {
        const std::size_t run = run_length(text, at, '`');
        if (run == open)
            return at;
        at += std::max<std::size_t>(run, 1);
    }
    return std::string_view::npos;
}

void append_escaped(std::string& out, char c) {
    switch (c) {
    case '<':
        out += "&lt;";
        break;
    case '>':
        out += "&gt;";
        break;
    case '@':
        out += "@";
        out += k_zero_width_space;
        break; // no @mentions from telemetry
    case '\\':
    case '[':
    case ']':
    case '*':
    case '_':
    case '~':
    case '`':
        out += '\\';
        out += c;
        break;
    default:
        out += c;
    }
}

// A paragraph must not start a heading, list, quote, table or fence.
std::string guard_line_start(std::string text) {
    if (text.empty())
        return text;
    std::size_t digits = 0;
    while (digits < text.size() && std::isdigit(static_cast<unsigned char>(text[digits])) != 0)
        ++digits;
    std::size_t escape_at = std::string::npos;
    if (std::string_view("#-+=|").find(text.front()) != std::string_view::npos ||
        text.starts_with("```"))
        escape_at = 0;
    else if (digits > 0 && digits < text.size() && (text[digits] == '.' || text[digits] == ')'))
        escape_at = digits;
    if (escape_at == std::string::npos)
        return text;
    return text.substr(0, escape_at).append("\\").append(text, escape_at);
}

} // namespace

std::string plain_line(std::string_view text) {
    std::string line;
    line.reserve(text.size());
    bool space = false;
    for (const char c : text) {
        const auto byte = static_cast<unsigned char>(c);
        if (byte < 0x20 || byte == 0x7f || c == ' ') {
            space = !line.empty();
            continue;
        }
        if (space)
            line += ' ';
        space = false;
        line += c;
    }
    return line;
}

std::string defuse_marker(std::string text) {
    constexpr std::string_view marker = "medic:fingerprint";
    std::string out;
    std::size_t done = 0;
    for (auto at = text.find(marker); at != std::string::npos; at = text.find(marker, at + 1)) {
        out.append(text, done, at + 5 - done).append(k_zero_width_space);
        done = at + 5;
    }
    return done == 0 ? text : out.append(text, done);
}

std::string markdown_prose(std::string_view raw) {
    const std::string text = plain_line(raw);
    std::string out;
    out.reserve(text.size() + text.size() / 8);
    for (std::size_t at = 0; at < text.size();) {
        const std::size_t run = run_length(text, at, '`');
        if (run == 0) {
            append_escaped(out, text[at++]);
            continue;
        }
        const std::size_t close = code_span_close(text, at + run, run);
        if (close == std::string_view::npos) {
            for (std::size_t i = 0; i < run; ++i)
                append_escaped(out, '`');
            at += run;
            continue;
        }
        out.append(text, at, close + run - at); // a code span, kept as written
        at = close + run;
    }
    return defuse_marker(guard_line_start(std::move(out)));
}

std::string inline_code(std::string_view raw) {
    const std::string text = plain_line(raw);
    const std::string ticks(longest_run(text, '`') + 1, '`');
    const bool pad = text.empty() || text.front() == '`' || text.back() == '`';
    const std::string space = pad ? " " : "";
    return defuse_marker(ticks + space + text + space + ticks);
}

std::string table_cell(std::string_view markdown) {
    std::string cell;
    for (const char c : plain_line(markdown)) {
        if (c == '|')
            cell += '\\';
        cell += c;
    }
    return cell;
}

std::string code_fence(std::string_view body) {
    return std::string(std::max<std::size_t>(3, longest_run(body, '`') + 1), '`');
}

std::string mermaid_label(std::string_view raw) {
    std::string label;
    for (const char c : plain_line(raw)) {
        switch (c) {
        case '"':
            label += "#quot;";
            break;
        case '<':
            label += "#lt;";
            break;
        case '>':
            label += "#gt;";
            break;
        case '`':
            label += "#96;";
            break;
        case ';':
            label += "#59;";
            break;
        case '%':
            label += "#37;";
            break;
        default:
            label += c;
        }
    }
    return label;
}

std::string shell_quote(std::string_view text) {
    const bool plain = !text.empty() && std::ranges::all_of(text, [](char c) {
        return std::isalnum(static_cast<unsigned char>(c)) != 0 ||
               std::string_view("_./:=@%+-,").find(c) != std::string_view::npos;
    });
    if (plain)
        return std::string(text);
    std::string quoted = "'";
    for (const char c : text)
        quoted += c == '\'' ? std::string("'\\''") : std::string(1, c);
    return quoted + "'";
}

} // namespace medic
