'use strict';
// GitHub's error answers: {message, documentation_url, status} (+ errors for 422).

class HttpError extends Error {
  /// `detail` says, for a person reading a failed test, what exactly the server disliked.
  constructor(status, message, documentation_url = null, headers = {}, detail = null, extra = {}) {
    super(message);
    this.status = status;
    this.documentation_url = documentation_url;
    this.headers = headers;
    this.detail = detail;
    this.extra = extra;
  }

  /// The JSON body, with the operation's documentation URL when none was given.
  body(default_docs) {
    const body = {message: this.message, ...this.extra};
    body.documentation_url = this.documentation_url || default_docs || 'https://docs.github.com/rest';
    body.status = String(this.status);
    if (this.detail) body.test_server_detail = this.detail;
    return body;
  }
}

/// 422 "Validation Failed" with GitHub's `errors` array.
function validation_failed(errors) {
  return new HttpError(422, 'Validation Failed', null, {}, null, {errors});
}

function not_found(detail = null) {
  return new HttpError(404, 'Not Found', null, {}, detail);
}

module.exports = {HttpError, validation_failed, not_found};
