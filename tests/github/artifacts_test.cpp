// Workflow artifacts: which references name an artifact of the repository (and which are
// refused), and the download against the local GitHub API server — the API's 302 followed to
// the storage host without the token, 410 for an expired artifact.

#include "github/artifacts.hpp"
#include "tests/github/github_client_fixture.hpp"

namespace medic::github {
namespace {

TEST(ArtifactReference, NamesAnArtifactOfThisRepositoryOnly) {
    RepoRef const repo{"acme", "shop"};
    EXPECT_EQ(*artifact_id_of("31", repo), 31);
    EXPECT_EQ(
        *artifact_id_of("https://api.github.com/repos/acme/shop/actions/artifacts/31/zip", repo),
        31);
    EXPECT_EQ(*artifact_id_of("https://github.com/acme/shop/actions/runs/9/artifacts/31", repo),
              31);
    EXPECT_EQ(
        *artifact_id_of("https://ghe.example.com/api/v3/repos/Acme/Shop/actions/artifacts/7", repo),
        7);
    for (auto const* refused :
         {"", "0", "-4", "abc", "https://github.com/evil/shop/actions/runs/9/artifacts/31",
          "https://api.github.com/repos/acme/shop2/actions/artifacts/31/zip",
          "https://github.com/acme/shop/actions/runs/9", "https://github.com/acme/shop/artifacts/x",
          "https://github.com/evil/x/actions/../../acme/shop/actions/runs/1/artifacts/7"})
        EXPECT_FALSE(artifact_id_of(refused, repo)) << refused;
    // An owner called "actions" is an owner like any other.
    EXPECT_EQ(*artifact_id_of("https://github.com/actions/shop/actions/runs/1/artifacts/5",
                              RepoRef{"actions", "shop"}),
              5);
}

TEST_F(GitHubClientTest, AnArtifactIsFetchedFromStorageWithoutTheToken) {
    start_as_app({}, {});
    std::string const archive = "PK\x05\x06" + std::string(18, '\0');
    m_server->add_artifact(31, archive);
    m_server->add_artifact(32, archive, true);
    auto const downloaded = download_artifact(*m_app_api, m_http, m_repo, 31, 1 << 20);
    ASSERT_TRUE(downloaded) << downloaded.error().message;
    EXPECT_EQ(*downloaded, archive);
    auto const storage = m_server->state()["blob_requests"];
    ASSERT_EQ(storage.size(), 1u);
    EXPECT_EQ(storage[0]["status"], 200);
    EXPECT_EQ(storage[0]["authorization"], false);
    auto const expired = download_artifact(*m_app_api, m_http, m_repo, 32, 1 << 20);
    ASSERT_FALSE(expired);
    EXPECT_NE(expired.error().message.find("expired"), std::string::npos);
    auto const missing = download_artifact(*m_app_api, m_http, m_repo, 33, 1 << 20);
    ASSERT_FALSE(missing);
    auto const too_big = download_artifact(*m_app_api, m_http, m_repo, 31, 4);
    ASSERT_FALSE(too_big);
    EXPECT_NE(too_big.error().message.find("over"), std::string::npos);
}

} // namespace
} // namespace medic::github
