# Tests of bot/git: diffs made, parsed and applied (git_tests), and pushes, fetches and ls-remote
# against a real smart-HTTP server: lighttpd running git's git-http-backend with GitHub-style
# token auth, over HTTP and HTTPS (tests/support).
add_library(medic_git_http_server STATIC ${CMAKE_CURRENT_LIST_DIR}/../support/git_http_server.cpp)
target_link_libraries(medic_git_http_server PUBLIC medic_test_support)

# The same server as a process for shell tests (the library has the target name).
add_executable(medic_git_http_server_exe ${CMAKE_CURRENT_LIST_DIR}/../support/git_http_server_main.cpp)
set_target_properties(medic_git_http_server_exe PROPERTIES OUTPUT_NAME medic_git_http_server)
target_link_libraries(medic_git_http_server_exe PRIVATE medic_git_http_server)

medic_test(git_tests
  SOURCES ${CMAKE_CURRENT_LIST_DIR}/parse_diff_test.cpp ${CMAKE_CURRENT_LIST_DIR}/unified_diff_test.cpp
          ${CMAKE_CURRENT_LIST_DIR}/merge_check_test.cpp ${CMAKE_CURRENT_LIST_DIR}/remote_test.cpp
          ${CMAKE_CURRENT_LIST_DIR}/revert_test.cpp
          ${CMAKE_CURRENT_LIST_DIR}/../patch/patch_test_support.cpp
  LIBS medic_git medic_patch medic_git_http_server GTest::gmock)
