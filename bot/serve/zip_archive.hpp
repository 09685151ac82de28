#pragma once
// Reading one file out of a zip archive (a workflow artifact): the central directory, stored or
// deflated entries (zlib), every offset and size checked against the archive before it is used.
// ZIP64, encrypted entries and other compression methods are refused with a reason; nothing in
// the archive can make it read out of bounds or inflate past the limit.

#include "bot/model/result.hpp"

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace medic::serve {

/// The names of the files in `archive` (folders aside), in the order it lists them.
Result<std::vector<std::string>> zip_file_names(std::string_view archive);

/// The bytes of the file called `name` in `archive`; over `max_bytes` once inflated is refused.
Result<std::string> zip_file(std::string_view archive, std::string_view name,
                             std::size_t max_bytes);

} // namespace medic::serve
