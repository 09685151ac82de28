# `cmake --install` and `cpack -G DEB`: medic in <prefix>/bin, its templates and schemas in
# <prefix>/share/medic (found relative to the binary: bot/pipeline/run_setup.cpp), the systemd
# unit of `medic serve` and its configuration. The Debian package's library dependencies are
# read off the binary (dpkg-shlibdeps); what Medic runs besides them is declared by hand.
# Installing packs what was built (cmake --build first); it does not start a build itself, so
# the package test can run beside other tests.
set(CMAKE_SKIP_INSTALL_ALL_DEPENDENCY ON)
install(TARGETS medic RUNTIME DESTINATION bin)
install(DIRECTORY ${PROJECT_SOURCE_DIR}/templates/ DESTINATION share/medic/templates)
install(FILES ${PROJECT_SOURCE_DIR}/docs/schema/config.v1.schema.json
              ${PROJECT_SOURCE_DIR}/docs/schema/anomaly-report.v1.schema.json
              ${PROJECT_SOURCE_DIR}/docs/schema/run-report.v1.schema.json
        DESTINATION share/medic/schema)
install(FILES ${CMAKE_CURRENT_LIST_DIR}/medic-serve.service DESTINATION lib/systemd/system)
install(FILES ${CMAKE_CURRENT_LIST_DIR}/server.yml DESTINATION /etc/medic)

set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME medic)
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY
    "turns production telemetry into validated pull requests for C++ services")
set(CPACK_PACKAGE_CONTACT "Medic's maintainers <medic@example.invalid>")
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION devel)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
# Clang's own headers (the analysis parses with them), git (validation's worktrees), adduser
# (the medic system user).
set(CPACK_DEBIAN_PACKAGE_DEPENDS "libclang-common-19-dev, git, adduser")
# What validating a fix runs: the repository's own build.
set(CPACK_DEBIAN_PACKAGE_RECOMMENDS "cmake, ninja-build, g++, make, bubblewrap")
set(CPACK_DEBIAN_PACKAGE_CONTROL_EXTRA
    ${CMAKE_CURRENT_LIST_DIR}/postinst ${CMAKE_CURRENT_LIST_DIR}/prerm
    ${CMAKE_CURRENT_LIST_DIR}/conffiles)
set(CPACK_DEBIAN_PACKAGE_CONTROL_STRICT_PERMISSION ON)
include(CPack)
