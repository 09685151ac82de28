#include "github/repository.hpp"

namespace medic::github {

namespace {

Error not_owner_name(std::string_view text) {
    std::string message = "\"";
    message.append(text).append("\" is not owner/name (e.g. acme/shop)");
    return {ErrorCode::invalid_input, message};
}

bool valid_part(std::string_view part) {
    return !part.empty() && part.find_first_of(" /\\:@?#") == std::string_view::npos &&
           part != "." && part != "..";
}

} // namespace

Result<RepoRef> parse_repo_ref(std::string_view text) {
    auto const slash = text.find('/');
    if (slash == std::string_view::npos)
        return std::unexpected(not_owner_name(text));
    RepoRef ref{std::string(text.substr(0, slash)), std::string(text.substr(slash + 1))};
    if (ref.name.ends_with(".git"))
        ref.name.resize(ref.name.size() - 4);
    if (!valid_part(ref.owner) || !valid_part(ref.name))
        return std::unexpected(not_owner_name(text));
    return ref;
}

Result<RepoRef> repo_ref_from_remote_url(std::string_view url) {
    std::string_view rest = url;
    if (auto const scheme = rest.find("://"); scheme != std::string_view::npos) {
        rest.remove_prefix(scheme + 3);
        auto const host_end = rest.find('/');
        if (host_end == std::string_view::npos)
            return fail(ErrorCode::invalid_input, "no owner/name in " + std::string(url));
        rest.remove_prefix(host_end + 1);
    } else if (auto const colon = rest.find(':'); colon != std::string_view::npos) {
        rest.remove_prefix(colon + 1); // scp-like git@github.com:owner/name.git
    } else {
        return fail(ErrorCode::invalid_input,
                    std::string(url) + " is not a GitHub URL: set github.repository: owner/name");
    }
    while (!rest.empty() && rest.back() == '/')
        rest.remove_suffix(1);
    return parse_repo_ref(rest);
}

std::string clone_url(std::string_view api_url, const RepoRef& repo) {
    std::string base(api_url);
    while (!base.empty() && base.back() == '/')
        base.pop_back();
    if (base.ends_with("/api/v3"))
        base.resize(base.size() - 7);
    else if (auto const api = base.find("://api."); api != std::string::npos)
        base.erase(api + 3, 4); // https://api.github.com -> https://github.com
    return base + "/" + repo.owner + "/" + repo.name + ".git";
}

} // namespace medic::github
