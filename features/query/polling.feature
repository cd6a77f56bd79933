@query
Feature: Serving polling clients
  A command answers with the version it wrote; the views catch up a moment later. A client
  polls the query with If-None-Match: while the view is unchanged the answer is 304 with no
  body, and the first 200 shows the new version.

  @polling
  Scenario: A polling client pays a 304 until the view moves on
    Given an org registered as "Acme Pte Ltd" in "Singapore", "SG"
    And the client polled the org's view until it showed version 1
    When the client reads the org's view with the ETag it has
    Then the answer is 304 with no body
    When the org's profile is replaced by "Acme Two" in "Singapore", "SG"
    And the client polls the org's view with the ETag it has until the answer is 200
    Then the answer is 200 with version 2
    And every earlier answer while polling was a 304 for the ETag it had

  @query-not-found
  Scenario: A view that does not exist
    When a client sends GET /orgs/3f1c2d4e-0000-4000-8000-000000000000
    Then the answer is a 404 problem "org-not-found"
    When a client sends GET /otp/3f1c2d4e-0000-4000-8000-000000000000
    Then the answer is a 404 problem "code-not-found"
    When a client sends GET /otp/not-an-otp-id
    Then the answer is a 404 problem "code-not-found"

  @query-no-phone-lookup
  Scenario: No route answers anything about a phone to someone who did not ask for its code
    A code's status is read by its otpId, which only the one who asked for the code was
    answered. Asking by phone number is no route at all: GET is not a method of /otp.
    Given a code was sent to "+6591234567"
    When a client sends GET /otp?phone=%2B6591234567
    Then the answer is a 405 problem "method-not-allowed"
    And the answer's Allow header lists "POST"
    And no answer since the code was sent names "+6591234567"
