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
