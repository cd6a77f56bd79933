@transaction @outbox
Feature: The outbox: the stored event is the promise to publish it
  Under EVENT_PUBLISHING=outbox a command's only write is the conditional put. The events
  table's DynamoDB stream holds every new item for 24 hours; the relay reads it in order and
  publishes each event, deduplicated by its event id, and whatever it fails to publish is
  offered to it again from that record on.

  @outbox-relay
  Scenario: A command stores; the relay publishes
    Given an org registered as "Acme Pte Ltd" in "Singapore", "SG"
    When the org's profile is replaced by "Beta Pte Ltd" in "Singapore", "SG"
    Then the answer is 200 with version 2
    And the client polls the org's view until it shows version 2
    And compared by event id, the subscribers got every stored event and nothing else
    And the org's view is the fold of its stream

  @outbox-relay-outage
  Scenario: The relay is down for a while: nothing is lost, it catches up in order
    The prototype turned DynamoDB Streams down because the component that turns stream
    records back into events would be a critical point of failure. Here it is down on
    purpose. Commands go on being accepted; the views fall behind; nothing is published.
    Back again, the relay starts where it stopped, and every event is published in its
    stream's order.
    Given an org registered as "Acme Pte Ltd" in "Singapore", "SG"
    And the client polled the org's view until it showed version 1
    And the relay is stopped
    When the org's profile is replaced by "Beta Pte Ltd" in "Singapore", "SG"
    And the org's profile is replaced by "Gamma Pte Ltd" in "Singapore", "SG"
    And a code is requested for "+6591234567"
    Then the answer is 201 with version 1
    And the org's stream holds versions "1 2 3"
    And the org's view shows version 1 with the name "Acme Pte Ltd"
    And compared by event id, the subscribers miss 3 stored events
    When the relay is started again
    Then the client polls the org's view until it shows version 3
    And compared by event id, the subscribers got every stored event and nothing else
    And the org's events were published in the order of their versions
    And the org's view is the fold of its stream
