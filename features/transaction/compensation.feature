@transaction @compensation
Feature: Storing and publishing succeed or fail together
  DynamoDB and SNS share no transaction. The event is stored first; if publishing it fails,
  the handler deletes exactly that event again and answers 503. The broker's failure is
  injected at the SDK boundary of the handler's SNS client.

  @compensation-org
  Scenario: The broker fails: the event is deleted again and the client gets 503
    Given an org registered as "Acme Pte Ltd" in "Singapore", "SG"
    And the broker fails to publish the next event
    When the org's profile is replaced by "Beta Pte Ltd" in "Singapore", "SG"
    Then the answer is a 503 problem "broker-unavailable"
    And the org's stream has 1 event
    And nothing more was published for the org
    When the org's profile is replaced by "Beta Pte Ltd" in "Singapore", "SG"
    Then the answer is 200 with version 2

  @compensation-otp
  Scenario: A code whose event cannot be published is never sent
    Given the broker fails to publish the next event
    When a code is requested for "+6591234567"
    Then the answer is a 503 problem "broker-unavailable"
    And the stream "otp#+6591234567" has 0 events
    And "+6591234567" received 0 SMS
    And nothing was published

  @compensation-lost-answer
  @known-limitation
  Scenario: What compensation cannot cover: a publish whose answer was lost invents an event
    The message reached the topic, but the handler saw a failure and took the event back.
    Subscribers now know of a version that the event store does not hold.
    Given an org registered as "Acme Pte Ltd" in "Singapore", "SG"
    And the broker's answer to the next publish is lost
    When the org's profile is replaced by "Beta Pte Ltd" in "Singapore", "SG"
    Then the answer is a 503 problem "broker-unavailable"
    And the org's stream has 1 event
    But the org's event of version 2 was published all the same
    And the client polls the org's view until it shows version 2
    And the org's view shows the name "Beta Pte Ltd", which no stored event holds

  @compensation-sdk-retry
  Scenario: A put whose answer was lost is retried by the SDK and known as the handler's own
    DynamoDB stored the OtpVerified event, but its answer came back as a 500, so the SDK put
    it again and the condition failed against the item just written. That item carries the
    handler's own event id: the append had succeeded, and the code is verified. Read as a
    lost race, the handler would decide again on its own event and answer 410.
    Given a code was sent to "+6591234567"
    And DynamoDB's answer to the next append is lost, so the SDK retries it
    When "+6591234567" verifies with the code from its SMS
    Then the answer says verified
    And the stream "otp#+6591234567" holds
      | version | type        |
      | 1       | OtpIssued   |
      | 2       | OtpVerified |
    And compared by event id, the subscribers got every stored event and nothing else

  @compensation-call-budget
  Scenario: SNS hangs: the call budget ends the publish in time to take the event back
    Every SDK call has an attempt timeout and a total timeout, chosen so that the publish,
    the compensating delete and the rest of the command fit in the function's 15 s. With the
    HTTP client's defaults, a hung SNS would have kept the function until Lambda killed it,
    between the append and the publish.
    Given an org registered as "Acme Pte Ltd" in "Singapore", "SG"
    And SNS hangs on the next 3 attempts to publish an event
    When the org's profile is replaced by "Beta Pte Ltd" in "Singapore", "SG"
    Then the answer is a 503 problem "broker-unavailable"
    And the org's stream has 1 event
    And nothing more was published for the org

  @compensation-replaced-version
  Scenario: A version taken back and stored again by a retry reaches the views
    The first publish reached the subscribers although its answer was lost, and the event
    was deleted. The client's retry stores another event at the same version. It is
    published under its own event id, so SNS does not drop it as a duplicate, and the
    projection, seeing the same version with another event id, rebuilds the view from the
    store instead of ignoring it as applied already.
    Given an org registered as "Acme Pte Ltd" in "Singapore", "SG"
    And the broker's answer to the next publish is lost
    And the org's profile was replaced by "Ghost Pte Ltd" in "Singapore", "SG", answered 503
    When the org's profile is replaced by "Beta Pte Ltd" in "Singapore", "SG"
    Then the answer is 200 with version 2
    And the client polls the org's view until it shows the name "Beta Pte Ltd"
    And the org's view is the fold of its stream

  @compensation-kept
  Scenario: An event that another writer built on is kept and published, never deleted
    Between the append of version 2 and its publish, another writer read version 2 and
    appended version 3. Then the publish of version 2 fails. Deleting version 2 now would
    leave version 3 resting on an event that no longer exists: the compensating delete
    checks in the same transaction that version 3 does not exist, finds that it does, keeps
    version 2 and publishes it again.
    Given an org registered as "Acme Pte Ltd" in "Singapore", "SG"
    And another writer will replace the org's name by "Gamma Pte Ltd" just before the next publish, which then fails
    When the org's profile is replaced by "Beta Pte Ltd" in "Singapore", "SG"
    Then the answer is 200 with version 2
    And the org's stream holds versions "1 2 3"
    And compared by event id, the subscribers got every stored event and nothing else
    And the org's view is the fold of its stream
