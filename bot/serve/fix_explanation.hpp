#pragma once
// The answer to `/medic explain`: the anomaly with its production evidence, the root cause the
// draft gave, the fix and what validated it, and the commands that reproduce the validation —
// rendered from templates/comments/explain.md.mustache (a repository may override it).

#include "bot/store/store.hpp"
#include "generators/templates/template_dirs.hpp"

#include <string>

namespace medic::serve {

/// The explanation of `fix` for `author`, from what the run that published it kept.
Result<std::string> explain_fix(const store::PublishedFix& fix, const std::string& author,
                                const TemplateDirs& templates);

} // namespace medic::serve
