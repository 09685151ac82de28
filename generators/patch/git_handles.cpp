#include "generators/patch/git_handles.hpp"

namespace medic::patch {

std::string git_error_text() {
    const git_error* error = git_error_last();
    if (error == nullptr || error->message == nullptr)
        return "libgit2 gave no reason";
    return error->message;
}

std::unexpected<Error> git_failure(ErrorCode code, std::string_view what) {
    return fail(code, std::string(what) + ": " + git_error_text());
}

} // namespace medic::patch
