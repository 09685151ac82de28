#pragma once
// Making text safe for the documents Medic writes. Anomaly summaries, handler names, error
// messages and model-written root causes come from telemetry or a model: in Markdown they must
// not open HTML (or a fake fingerprint marker), links, images, mentions or code fences.

#include <string>
#include <string_view>

namespace medic {

/// One line of plain text: control characters become spaces, runs of white space one space.
std::string plain_line(std::string_view text);

/// `text` as one Markdown paragraph: one line, code spans kept as written, and outside them
/// '<', '>', '[', ']' escaped, '@' kept from mentioning anyone, and a leading block marker
/// ('#', '-', '+', '=', '|', a backtick fence, "1.") escaped; never a fingerprint marker.
std::string markdown_prose(std::string_view text);

/// `text` with "medic:fingerprint" broken by a zero-width space, so text from telemetry, a model
/// or a diff can never pass for the hidden marker that identifies Medic's pull requests.
std::string defuse_marker(std::string text);

/// `text` as a code span, delimited by more backticks than it contains.
std::string inline_code(std::string_view text);

/// Markdown made safe inside a table cell: '|' escaped (also inside code spans), one line.
std::string table_cell(std::string_view markdown);

/// A fence (``` or longer) that `body` cannot close.
std::string code_fence(std::string_view body);

/// `text` as the inside of a quoted Mermaid label: one line, quotes and angle brackets as
/// Mermaid entity codes.
std::string mermaid_label(std::string_view text);

/// `text` with characters that mean something to a POSIX shell single-quoted, for commands a
/// reviewer copies.
std::string shell_quote(std::string_view text);

} // namespace medic
