# The GitHub client: its pure logic; then the client against the local GitHub API server (every
# request checked against GitHub's OpenAPI description) and against GitHub's own recorded
# interactions (@octokit/fixtures). The Node servers install ~400 MB of npm packages on first
# use, hence the generous timeouts (medic_test() cannot pass TIMEOUT on).
medic_test(github_logic_tests
  SOURCES ${CMAKE_CURRENT_LIST_DIR}/github_logic_test.cpp
  LIBS medic_github medic_pipeline)

add_executable(github_client_tests
  ${CMAKE_CURRENT_LIST_DIR}/client_test.cpp ${CMAKE_CURRENT_LIST_DIR}/fixtures_replay_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/publish_test.cpp)
target_link_libraries(github_client_tests PRIVATE medic_pipeline medic_github medic_github_auth medic_http
  medic_github_api_server medic_test_support GTest::gtest_main)
gtest_discover_tests(github_client_tests DISCOVERY_TIMEOUT 30 PROPERTIES TIMEOUT 600)
