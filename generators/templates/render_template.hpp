#pragma once
// render_template: the one Mustache renderer of Medic's generators (tests, docs, prompts).

#include "bot/model/result.hpp"
#include "generators/templates/template_dirs.hpp"

#include <kainjow/mustache.hpp>
#include <string>
#include <string_view>

namespace medic {

/// Renders `relative_name` (e.g. "tests/replay_test.cpp.mustache") with `view`. The
/// repository's copy (dirs.repo_override / relative_name) wins over Medic's, so a team can adapt
/// what Medic writes without forking it. Lines holding only a section tag leave no trace
/// (see mark_standalone_lines). Values are inserted as they are (no HTML escaping:
/// callers make untrusted text safe for the target language before it reaches the view), and
/// runs of blank lines left by empty sections are squeezed to one.
/// Errors: not_found when neither copy exists, invalid_input (naming the template and the copy)
/// when it is not valid Mustache.
Result<std::string> render_template(const TemplateDirs& dirs, std::string_view relative_name,
                                    const kainjow::mustache::data& view);

/// `text` with each line that holds only a section tag or a comment ({{#x}}, {{^x}}, {{/x}},
/// {{! }}) reduced to the tag plus a marker, so that drop_marked_lines can remove the lines
/// those tags leave behind whether the section renders or not (Mustache's "standalone" rule).
std::string mark_standalone_lines(std::string_view text);

/// `rendered` without the lines mark_standalone_lines' marker stands alone on.
std::string drop_marked_lines(std::string_view rendered);

/// `text` with every run of two or more blank lines cut to one.
std::string squeeze_blank_lines(std::string text);

} // namespace medic
