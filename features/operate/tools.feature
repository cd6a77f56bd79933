@operate @outbox
Feature: The operator's way back: the event store is the source of truth for every repair
  The views and every message in a queue can be lost or go wrong; the
  events cannot, so each repair starts from them. The operator tools (make rebuild-views,
  make republish, make redrive) run from a laptop against make run's system, or against a
  deployed stack with the user's credentials, and use the event store, publisher and
  projections of the system itself.

  @operate-rebuild
  Scenario: Every view wiped, then rebuilt from the event store, history included
    The history read model came after the events it shows: the rebuild backfills it from
    the same events.
    Given a client registered the org with the contact phone "+6591234567"
    And the org's profile was replaced by "Beta Pte Ltd" in "Singapore", "SG"
    And the client polled the org's view until it showed version 2
    When every item of the views table is deleted
    Then the client reads the org's view and it is not found
    When the operator rebuilds the views
    Then the org's view is the fold of its stream
    And the org's history lists version 1 "OrgRegistered" changing "name location contactPhone" and version 2 "OrgProfileUpdated" changing "name contactPhone"

  @operate-republish
  Scenario: A stream republished past the broker's deduplication window changes nothing
    SNS FIFO deduplicates by event id for 5 minutes only: later, a republished event is
    delivered again (as moto delivers it at once), and each subscriber sees by its id that
    it has handled it.
    Given a client registered the org with the contact phone "+6591234567"
    And "+6591234567" received an SMS with a code
    And the client polled the org's view until it showed version 1
    When the operator republishes the org's stream
    Then the subscribers received the org's stored events again, with their own event ids
    And the projection's queue is empty again
    And the event handler's queue is empty again
    And "+6591234567" received 1 SMS
    And the org's view is the fold of its stream

  @operate-redrive
  Scenario: A dead-lettered event moved back to its queue is applied
    Given an org registered as "Acme Pte Ltd" in "Singapore", "SG"
    And the client polled the org's view until it showed version 1
    And the projection's view of the org is deleted
    And the org's event of version 1 waits in the projection's dead-letter queue
    When the operator redrives the dead-letter queues
    Then the client polls the org's view until it shows version 1
    And the projection's dead-letter queue is empty
