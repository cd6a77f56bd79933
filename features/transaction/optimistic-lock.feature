@transaction
Feature: The optimistic lock: one event per version
  An event is appended with a condition: its version must not exist yet. When two writers
  race for the same version, exactly one wins; the other reloads the stream and decides
  again. After 3 attempts in all it gives up with 409.

  @lock-retried
  Scenario: A writer that loses the race decides again on the new state
    Given an org registered as "Acme Pte Ltd" in "Singapore", "SG"
    And another writer will replace the org's name by "Beta Pte Ltd" just before the next append
    When the org's profile is replaced by "Gamma Pte Ltd" in "Singapore", "SG"
    Then the answer is 200 with version 3
    And the org's stream holds
      | version | type              |
      | 1       | OrgRegistered     |
      | 2       | OrgProfileUpdated |
      | 3       | OrgProfileUpdated |
    And the org's stored profile has the name "Gamma Pte Ltd"

  @lock-if-match
  Scenario: A writer with If-Match that loses the race is told the version moved on
    Given an org registered as "Acme Pte Ltd" in "Singapore", "SG"
    And another writer will replace the org's name by "Beta Pte Ltd" just before the next append
    When the org's profile is replaced by "Gamma Pte Ltd" in "Singapore", "SG" if it is at version 1
    Then the answer is a 412 problem "precondition-failed"
    And the org's stream has 2 events
    And the org's stored profile has the name "Beta Pte Ltd"

  @lock-gives-up
  Scenario: After losing the race 3 times the command gives up
    Given an org registered as "Acme Pte Ltd" in "Singapore", "SG"
    And other writers will replace the org's name just before each of the next 3 appends
    When the org's profile is replaced by "Gamma Pte Ltd" in "Singapore", "SG"
    Then the answer is a 409 problem "conflict"
    And the org's stream has 4 events
    And no stored profile of the org has the name "Gamma Pte Ltd"

  @lock-parallel
  Scenario: Writers in parallel never share a version
    Given an org registered as "Acme Pte Ltd" in "Singapore", "SG"
    When 8 clients replace the org's profile at the same time, each with a name of its own
    Then every answer is 200 or 409
    And the org's stream has one event per version from 1 up, with no gap
    And each 200 answer names a version of its own, holding that client's name
