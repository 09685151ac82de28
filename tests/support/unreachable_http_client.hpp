#pragma once
// UnreachableHttpClient: an HttpClient for code that must not go to the network at all (a run
// with the rule-based strategy only); any request fails the test.

#include "bot/model/http.hpp"

#include <gtest/gtest.h>

namespace medic::test {

class UnreachableHttpClient final : public HttpClient {
public:
    Result<HttpResponse> send(const HttpRequest& request) override {
        ADD_FAILURE() << "unexpected request to " << request.url;
        return fail(ErrorCode::internal, "no request was expected");
    }
};

} // namespace medic::test
