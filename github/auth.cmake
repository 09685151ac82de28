# medic_github_auth: GitHub App authentication — the RS256 JWT (OpenSSL) and installation
# tokens fetched over HttpClient, so it needs no libcurl (the composition root links medic_http);
# and the webhook signature (HMAC-SHA256) that `medic serve` checks on every delivery.
find_package(OpenSSL REQUIRED)
add_library(medic_github_auth STATIC
  ${CMAKE_CURRENT_LIST_DIR}/jwt.cpp
  ${CMAKE_CURRENT_LIST_DIR}/app_auth.cpp
  ${CMAKE_CURRENT_LIST_DIR}/webhook_signature.cpp)
medic_export_folder(medic_github_auth)
target_link_libraries(medic_github_auth
  PUBLIC medic_model nlohmann_json::nlohmann_json OpenSSL::Crypto)
