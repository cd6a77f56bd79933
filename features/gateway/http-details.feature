@gateway @http
Feature: HTTP details a careful client meets
  API Gateway puts a stage (or a custom domain's base path) in front of the routes, sends
  repeated headers and query parameters in separate multi-value fields, and passes on
  whatever bytes a client typed. The gateway reads all of it as HTTP means it, so that a
  client following the rules is never misled, and one breaking them changes nothing.

  @http-location-stage
  Scenario: The Location of a new org is followable through the stage the request came through
    When a client registers an org through the stage "/Prod"
    Then the answer's Location is "/Prod/orgs/" and the org's id
    And following the Location through the stage "/Prod" answers the org's view

  @http-if-match
  Scenario Outline: If-Match <case> answers <status>, and nothing is stored
    Given an org registered as "Acme Pte Ltd" in "Singapore", "SG"
    When the org's profile is replaced by "Beta Pte Ltd" in "Singapore", "SG" with the If-Match header <header>
    Then the answer is a <status> problem "<kind>"
    And the event store is unchanged

    Examples:
      | case                                        | header      | status | kind                |
      | holding the weak tag of the current version | W/"1"       | 412    | precondition-failed |
      | holding a tag that is no version            | "v1"        | 412    | precondition-failed |
      | that is empty                               | (empty)     | 400    | invalid-request     |
      | without quotes                              | 1           | 400    | invalid-request     |
      | holding two tags                            | "1", "2"    | 400    | invalid-request     |

  @http-text-nfc
  Scenario: A name is kept in one Unicode form (NFC), however it was typed
    When a client registers an org named "Café Pte Ltd" typed with a combining accent
    Then the answer is 201 with version 1
    And the org's stored name is "Café Pte Ltd" with the accent composed

  @http-text-refused
  Scenario Outline: A name holding <character> is refused, naming the field
    When a client registers an org whose name holds the character <code point>
    Then the answer is a 400 problem "invalid-request" naming the fields "name"
    And the event store is unchanged
    And nothing was published

    Examples:
      | character                  | code point |
      | a right-to-left override   | U+202E     |
      | a left-to-right isolate    | U+2066     |
      | a line feed                | U+000A     |
      | an escape                  | U+001B     |
      | a NUL                      | U+0000     |

  @http-website-userinfo
  Scenario: A website with user info before its host is refused
    When a client sends POST /orgs with the body {"name": "Acme", "location": {"city": "Singapore", "country": "SG"}, "website": "https://acme.example@evil.example/"}
    Then the answer is a 400 problem "invalid-request" naming the fields "website"
    And the event store is unchanged

  @http-repeated-headers
  Scenario: Repeated headers are read whole
    Given an org registered as "Acme Pte Ltd" in "Singapore", "SG"
    And the client polled the org's view until it showed version 1
    When the client reads the org's view sending If-None-Match twice, "2" then "1"
    Then the answer is 304 with no body
