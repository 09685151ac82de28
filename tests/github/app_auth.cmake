# GitHub App auth: the RS256 JWT checked with OpenSSL, and installation tokens fetched with the
# real libcurl client from a local server that verifies each JWT the way GitHub does.
# (OpenSSL's imported targets are directory-scoped: github/auth.cmake's find_package is not
# visible here.)
find_package(OpenSSL REQUIRED)
add_library(medic_github_app_test_server STATIC
  ${PROJECT_SOURCE_DIR}/tests/support/github_app_test_server.cpp)
target_include_directories(medic_github_app_test_server PUBLIC ${PROJECT_SOURCE_DIR})
target_link_libraries(medic_github_app_test_server
  PUBLIC nlohmann_json::nlohmann_json OpenSSL::Crypto
  PRIVATE PkgConfig::HTTPLIB Threads::Threads)
medic_test(github_auth_tests
  SOURCES ${CMAKE_CURRENT_LIST_DIR}/app_auth_test.cpp ${CMAKE_CURRENT_LIST_DIR}/webhook_signature_test.cpp
  LIBS medic_github_auth medic_http medic_github_app_test_server OpenSSL::Crypto GTest::gmock)
