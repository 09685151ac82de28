# The local GitHub REST/GraphQL API server (tests/support/github_api/, Node): every request is
# checked against GitHub's OpenAPI description. Its npm packages (~400 MB) install on first use
# into a cache outside the repository, hence the generous timeouts.
add_library(medic_github_api_server STATIC ${CMAKE_CURRENT_LIST_DIR}/../support/github_api_server.cpp)
target_link_libraries(medic_github_api_server
  PUBLIC medic_test_support nlohmann_json::nlohmann_json
  PRIVATE medic_github_auth PkgConfig::HTTPLIB Threads::Threads)

medic_test(github_api_server_tests TIMEOUT 600
  SOURCES ${CMAKE_CURRENT_LIST_DIR}/api_server_test.cpp
  LIBS medic_github_api_server PkgConfig::HTTPLIB)

# The server and the fixtures server proved against themselves (self_check.js needs only node;
# without node the test fails, naming the missing command).
find_program(MEDIC_NODE node)
if(NOT MEDIC_NODE)
  set(MEDIC_NODE node)
endif()
add_test(NAME github_api_server.self_check
  COMMAND ${MEDIC_NODE} ${PROJECT_SOURCE_DIR}/tests/support/github_api/self_check.js)
set_tests_properties(github_api_server.self_check PROPERTIES TIMEOUT 600)
