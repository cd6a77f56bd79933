@org
Feature: Registering an org and keeping its profile
  An org registers with a profile and may replace it whole. A profile identical to the
  current one writes nothing. If-Match makes an update apply to one version only.

  @org-register
  Scenario: An org registers with its profile
    When a client registers the org
      """json
      {"name": "  Acme Pte Ltd ", "location": {"city": "Singapore", "country": "SG"},
       "website": "https://acme.example", "contactPhone": "+6591234567"}
      """
    Then the answer is 201 with version 1
    And the answer's Location is the org's URL
    And the org's stream holds
      | version | type          |
      | 1       | OrgRegistered |
    And the org's stored profile has the name "Acme Pte Ltd"
    And an OrgRegistered event was published for the org

  @org-update
  Scenario: The whole profile is replaced
    Given an org registered as "Acme Pte Ltd" in "Singapore", "SG"
    When the org's profile is replaced by "Acme Holdings" in "Kuala Lumpur", "MY"
    Then the answer is 200 with version 2
    And the org's stream holds
      | version | type              |
      | 1       | OrgRegistered     |
      | 2       | OrgProfileUpdated |
    And the org's stored profile has the name "Acme Holdings"

  @org-update-unchanged
  Scenario: An identical profile writes no event
    Given an org registered as "Acme Pte Ltd" in "Singapore", "SG"
    When the org's profile is replaced by "Acme Pte Ltd" in "Singapore", "SG"
    Then the answer is 200 with version 1
    And the org's stream has 1 event
    And nothing more was published for the org

  @org-never-registered
  Scenario: An org that was never registered cannot be updated
    When the profile of org "3f1c2d4e-0000-4000-8000-000000000000" is replaced by "Acme" in "Singapore", "SG"
    Then the answer is a 404 problem "org-not-found"
    When the profile of org "3f1c2d4e-0000-4000-8000-000000000000" is replaced by "Acme" in "Singapore", "SG" if it is at version 1
    Then the answer is a 404 problem "org-not-found"
    And the stream "org#3f1c2d4e-0000-4000-8000-000000000000" has 0 events

  @org-if-match
  Scenario: If-Match applies an update to the version the client saw, and only to it
    Given an org registered as "Acme Pte Ltd" in "Singapore", "SG"
    When the org's profile is replaced by "Acme One" in "Singapore", "SG" if it is at version 1
    Then the answer is 200 with version 2
    When the org's profile is replaced by "Acme Two" in "Singapore", "SG" if it is at version 1
    Then the answer is a 412 problem "precondition-failed"
    And the org's stream has 2 events

  @org-replay-from-latest
  Scenario: To decide, the handler reads only the latest profile event
    Given an org registered as "Acme Pte Ltd" in "Singapore", "SG"
    And the org's profile was replaced by "Acme Two" in "Singapore", "SG"
    And the org's profile was replaced by "Acme Three" in "Singapore", "SG"
    When the org's profile is replaced by "Acme Four" in "Singapore", "SG"
    Then the answer is 200 with version 4
    And to decide, the handler read 1 of the 3 events in the stream
