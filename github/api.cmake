# The REST/GraphQL client (over the HttpClient interface: no libcurl here), the ensure-style
# operations keyed by the anomaly fingerprint, CODEOWNERS, the publishing policy, and the App's
# webhook delivery log (recovery of missed deliveries).
add_library(medic_github STATIC
  ${CMAKE_CURRENT_LIST_DIR}/api_client.cpp ${CMAKE_CURRENT_LIST_DIR}/api_errors.cpp
  ${CMAKE_CURRENT_LIST_DIR}/rate_limits.cpp ${CMAKE_CURRENT_LIST_DIR}/repository.cpp
  ${CMAKE_CURRENT_LIST_DIR}/pull_requests.cpp ${CMAKE_CURRENT_LIST_DIR}/checks.cpp
  ${CMAKE_CURRENT_LIST_DIR}/merging.cpp ${CMAKE_CURRENT_LIST_DIR}/policy.cpp
  ${CMAKE_CURRENT_LIST_DIR}/codeowners.cpp ${CMAKE_CURRENT_LIST_DIR}/publisher.cpp
  ${CMAKE_CURRENT_LIST_DIR}/hook_deliveries.cpp ${CMAKE_CURRENT_LIST_DIR}/artifacts.cpp
  ${CMAKE_CURRENT_LIST_DIR}/permissions.cpp ${CMAKE_CURRENT_LIST_DIR}/issues.cpp)
medic_export_folder(medic_github)
target_link_libraries(medic_github PUBLIC medic_model nlohmann_json::nlohmann_json)
