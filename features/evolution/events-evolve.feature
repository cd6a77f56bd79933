@evolution
Feature: Events can evolve: stored events are read tolerantly, and older revisions upcast
  Events are never rewritten: the store keeps each one as it was written. A reader meets
  events from other versions of the code: older revisions of an event (upcast to the
  current one as they are read) and, while two versions run side by side or after a
  rollback, fields it does not know (ignored). The gateway alone reads strictly: a client's
  unknown field is still a 400.

  @evolve-upcast @outbox
  Scenario: An OrgRegistered stored in its first revision is read in the current one by every reader
    Given an org was registered in the first revision of OrgRegistered, with the contact phone "+6591234567"
    Then the relay published the org's OrgRegistered in its current revision
    And the client polls the org's view until it shows version 1
    And the org's view shows the name "Acme Pte Ltd", the city "Singapore" and an unverified contact
    And "+6591234567" receives an SMS with a code
    When the org's profile is replaced by "Beta Pte Ltd" in "Singapore", "SG"
    Then the answer is 200 with version 2
    And the client polls the org's view until it shows version 2
