# The GitHub client: its pure logic; then the client against the local GitHub API server (every
# request checked against GitHub's OpenAPI description) and against GitHub's own recorded
# interactions (@octokit/fixtures). The Node servers install ~400 MB of npm packages on first
# use, hence the generous timeouts.
medic_test(github_logic_tests
  SOURCES ${CMAKE_CURRENT_LIST_DIR}/github_logic_test.cpp
  LIBS medic_github)

medic_test(github_client_tests TIMEOUT 600
  SOURCES ${CMAKE_CURRENT_LIST_DIR}/client_test.cpp ${CMAKE_CURRENT_LIST_DIR}/fixtures_replay_test.cpp
          ${CMAKE_CURRENT_LIST_DIR}/hook_deliveries_test.cpp ${CMAKE_CURRENT_LIST_DIR}/artifacts_test.cpp
  LIBS medic_github medic_github_auth medic_http medic_github_api_server)

# Publishing a fix as the pipeline does, against the same local server. CLANG: medic_pipeline
# links the Clang analysis, which the sanitizer pass does not build (tests/CMakeLists.txt).
medic_test(github_publishing_tests CLANG TIMEOUT 600
  SOURCES ${CMAKE_CURRENT_LIST_DIR}/../pipeline/github_publishing_test.cpp
          ${CMAKE_CURRENT_LIST_DIR}/../pipeline/github_publishing_logic_test.cpp
  LIBS medic_pipeline medic_github medic_github_auth medic_http medic_github_api_server)
