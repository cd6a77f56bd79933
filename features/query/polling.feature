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
  Scenario: A view that does not exist, or a query without its parameter
    When a client sends GET /orgs/3f1c2d4e-0000-4000-8000-000000000000
    Then the answer is a 404 problem "org-not-found"
    When a client sends GET /otp?phone=%2B6598765432
    Then the answer is a 404 problem "no-code-issued"
    When a client sends GET /otp
    Then the answer is a 400 problem "invalid-request" naming the fields "phone"
