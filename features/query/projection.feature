@query
Feature: Projections: views that follow the event stream
  Every published event reaches the projection through its SQS FIFO queue, and the view of
  its stream moves to the event's version. A view is written on condition that it is newer
  than the one stored, so a duplicate or a late event changes nothing. A message that cannot
  be projected is retried, then parked in the dead-letter queue; other streams flow on.

  @projection-org
  Scenario: An org's view appears, then follows every version
    Given an org registered as "Acme Pte Ltd" in "Singapore", "SG"
    When the client polls the org's view until it shows version 1
    Then the org's view shows the name "Acme Pte Ltd", the city "Singapore" and an unverified contact
    When the org's profile is replaced by "Acme Two" in "Kuala Lumpur", "MY"
    And the client polls the org's view until it shows version 2
    Then the org's view shows the name "Acme Two", the city "Kuala Lumpur" and an unverified contact

  @projection-otp
  Scenario: A code's view, keyed by its otpId, shows its state, and never the code nor the phone
    Given a code was sent to "+6591234567"
    When the client polls the view of the latest code of "+6591234567" until it shows version 1
    Then the code's view shows the status "PENDING" with 3 attempts left
    When "+6591234567" verifies with a wrong code
    And the client polls the view of the latest code of "+6591234567" until it shows version 2
    Then the code's view shows the status "PENDING" with 2 attempts left
    When "+6591234567" verifies with the code from its SMS
    And the client polls the view of the latest code of "+6591234567" until it shows version 3
    Then the code's view shows the status "VERIFIED" with 2 attempts left
    And no view holds the code or its hash

  @projection-otp-locked
  Scenario: A locked code shows as locked
    Given a code was sent to "+6591234567"
    And "+6591234567" typed a wrong code 3 times
    When the client polls the view of the latest code of "+6591234567" until it shows version 4
    Then the code's view shows the status "LOCKED" with 0 attempts left

  @projection-otp-superseded
  Scenario: A code that a newer one replaced shows as superseded
    Given a code was sent to "+6591234567"
    And a second code was sent to "+6591234567"
    When the client polls the view of the first code of "+6591234567" until it shows version 2
    Then the code's view shows the status "SUPERSEDED" with 3 attempts left
    When the client polls the view of the latest code of "+6591234567" until it shows version 2
    Then the code's view shows the status "PENDING" with 3 attempts left

  @projection-otp-expired
  Scenario: Expiry shows in the view without an event, under an ETag of its own
    Given a code was sent to "+6591234567"
    And the client polled the view of the latest code of "+6591234567" until it showed version 1
    And 5 minutes pass
    When the client reads the view of the latest code of "+6591234567"
    Then the code's view shows the status "EXPIRED" with 3 attempts left
    And the answer's ETag is "\"1-expired\""
    When the client reads the view of the latest code of "+6591234567" with the ETag it has
    Then the answer is 304 with no body

  @projection-idempotent
  Scenario: A duplicate or a late event changes nothing
    Given an org registered as "Acme Pte Ltd" in "Singapore", "SG"
    And the org's profile was replaced by "Acme Two" in "Singapore", "SG"
    And the client polled the org's view until it showed version 2
    When the org's event of version 2 is delivered to the projection again
    And the org's event of version 1 is delivered to the projection again
    Then the projection's queue is empty again
    And the org's view shows version 2 with the name "Acme Two"

  @projection-gap
  Scenario: An event after a gap rebuilds the view from the event store
    Given a client registered the org with the contact phone "+6591230001"
    And "+6591230001" received an SMS with a code
    And the client polled the org's view until it showed version 1
    And the projection's view of the org is deleted
    When the org's owner verifies the contact with the code from the SMS of "+6591230001"
    And the client polls the org's view until it shows version 2
    Then the org's view shows the name "Acme Pte Ltd", the city "Singapore" and a verified contact

  @projection-poison
  Scenario: A message that cannot be projected goes to the dead-letter queue; other streams flow
    Given a message that is not an event was published in the group "org#poison"
    When an org registered as "Beta Pte Ltd" in "Singapore", "SG"
    Then the client polls the org's view until it shows version 1
    And the message that is not an event reaches the projection's dead-letter queue
    And the message that is not an event reaches the event handler's dead-letter queue
