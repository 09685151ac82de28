# medic_git: branches committed into the object database and talked to remotes (push, fetch,
# ls-remote over smart HTTP(S) with token auth) with libgit2.
add_library(medic_git STATIC
  ${CMAKE_CURRENT_LIST_DIR}/branch_publisher.cpp
  ${CMAKE_CURRENT_LIST_DIR}/git_remote.cpp)
target_link_libraries(medic_git PUBLIC medic_model PRIVATE medic_patch PkgConfig::LIBGIT2)
