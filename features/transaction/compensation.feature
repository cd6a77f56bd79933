@transaction
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
  Scenario: What compensation cannot cover: a publish whose answer was lost
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
