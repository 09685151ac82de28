#pragma once
// Clang source locations as Medic's plain SourceRange (paths relative to the repository), and
// the facts about function declarations the locators share.

#include "bot/model/code.hpp"

#include <clang/AST/Decl.h>
#include <clang/Basic/LangOptions.h>
#include <clang/Basic/SourceManager.h>
#include <filesystem>
#include <optional>

namespace medic::code {

/// The expansion range of `range`, with the file relative to `root` when inside it.
SourceRange to_model_range(clang::SourceRange range, const clang::SourceManager& sources,
                           const std::filesystem::path& root);

/// True when `location` (after macro expansion) is in a file under `root`.
bool is_in_repo(clang::SourceLocation location, const clang::SourceManager& sources,
                const std::filesystem::path& root);

/// The bytes a token range covers in its file (through macro arguments, not macro bodies), with
/// the file relative to `root`; nullopt when the range is inside a macro expansion.
std::optional<TextSpan> text_span(clang::CharSourceRange range, const clang::SourceManager& sources,
                                  const clang::LangOptions& language,
                                  const std::filesystem::path& root);

/// Where a function definition is written: from its `template <...>` line for a template.
clang::SourceRange written_range(const clang::FunctionDecl& function);

/// True for a lambda's call operator (its body belongs to the function that spells the lambda).
bool is_lambda_body(const clang::FunctionDecl& function);

/// How Medic names a function: its qualified name, or "lambda at FILE:LINE:COL" (file relative
/// to `root`) for a lambda's call operator, since a lambda has no name of its own.
std::string function_name(const clang::FunctionDecl& function, const clang::SourceManager& sources,
                          const std::filesystem::path& root);

/// True when `inner` lies within `outer` (same file, by line and column).
bool contains(const SourceRange& outer, const SourceRange& inner);

} // namespace medic::code
