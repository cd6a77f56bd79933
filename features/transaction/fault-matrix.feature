@transaction @fault-matrix
Feature: The fault matrix: each fault under both ways of publishing
  Each fault is injected at the SDK boundary of the handler's clients, or by stopping a
  consumer, once under compensation and once under the outbox. Each row then states what
  holds afterwards: the client's answer, the versions in the event store, what the
  subscribers received compared with the store by event id, and the org's view compared
  with the fold of its stream. Rows where compensation still loses or invents an event are
  tagged @known-limitation and say so in their title. The run writes the table of the
  guide's event-transaction chapter from what it saw.

  @matrix-broker-refuses
  Scenario Outline: The broker refuses the event (<strategy>: <outcome>)
    Given an org registered as "Acme Pte Ltd" in "Singapore", "SG"
    And the broker fails to publish the next event
    When the org's profile is replaced by "Beta Pte Ltd" in "Singapore", "SG"
    Then the client was answered "<answer>"
    And the org's stream holds versions "<stored>"
    And compared by event id, the subscribers <subscribers>
    And the org's view <view>

    @compensation
    Examples: compensation
      | strategy     | outcome                  | answer                 | stored | subscribers                                | view                       |
      | compensation | nothing lost or invented | 503 broker-unavailable | 1      | got every stored event and nothing else    | is the fold of its stream  |

    @outbox
    Examples: outbox
      | strategy | outcome                  | answer | stored | subscribers                             | view                      |
      | outbox   | nothing lost or invented | 200 v2 | 1 2    | got every stored event and nothing else | is the fold of its stream |

  @matrix-lost-answer
  Scenario Outline: The broker accepts the event but its answer is lost (<strategy>: <outcome>)
    Given an org registered as "Acme Pte Ltd" in "Singapore", "SG"
    And the broker's answer to the next publish is lost
    When the org's profile is replaced by "Beta Pte Ltd" in "Singapore", "SG"
    Then the client was answered "<answer>"
    And the org's stream holds versions "<stored>"
    And compared by event id, the subscribers <subscribers>
    And the org's view <view>

    @compensation @known-limitation
    Examples: compensation
      | strategy     | outcome             | answer                 | stored | subscribers                                | view                                     |
      | compensation | invents an event    | 503 broker-unavailable | 1      | got an event the store does not hold      | shows an event the store does not hold   |

    @outbox
    Examples: outbox
      | strategy | outcome                  | answer | stored | subscribers                             | view                      |
      | outbox   | nothing lost or invented | 200 v2 | 1 2    | got every stored event and nothing else | is the fold of its stream |

  @matrix-delete-fails
  Scenario Outline: The broker refuses the event and the compensating delete fails (<strategy>: <outcome>)
    Given an org registered as "Acme Pte Ltd" in "Singapore", "SG"
    And the broker fails to publish the next event
    And the compensating delete fails
    When the org's profile is replaced by "Beta Pte Ltd" in "Singapore", "SG"
    Then the client was answered "<answer>"
    And the org's stream holds versions "<stored>"
    And compared by event id, the subscribers <subscribers>
    And the org's view <view>

    @compensation @known-limitation
    Examples: compensation
      | strategy     | outcome                     | answer                    | stored | subscribers            | view                      |
      | compensation | loses an event for subscribers | 503 stored-not-published | 1 2    | miss 1 stored event    | lags behind its stream    |

    @outbox
    Examples: outbox
      | strategy | outcome                  | answer | stored | subscribers                             | view                      |
      | outbox   | nothing lost or invented | 200 v2 | 1 2    | got every stored event and nothing else | is the fold of its stream |

  @matrix-process-dies
  Scenario Outline: The process dies between the append and the publish (<strategy>: <outcome>)
    Given an org registered as "Acme Pte Ltd" in "Singapore", "SG"
    And the process dies right after the next append
    When the org's profile is replaced by "Beta Pte Ltd" in "Singapore", "SG"
    Then the client was answered "<answer>"
    And the org's stream holds versions "<stored>"
    And compared by event id, the subscribers <subscribers>
    And the org's view <view>

    @compensation @known-limitation
    Examples: compensation
      | strategy     | outcome                        | answer          | stored | subscribers         | view                   |
      | compensation | loses an event for subscribers | 502 bad-gateway | 1 2    | miss 1 stored event | lags behind its stream |

    @outbox
    Examples: outbox
      | strategy | outcome                  | answer          | stored | subscribers                             | view                      |
      | outbox   | nothing lost or invented | 502 bad-gateway | 1 2    | got every stored event and nothing else | is the fold of its stream |

  @matrix-second-writer
  Scenario Outline: A second writer appends on an unpublished event, then its publish fails (<strategy>: <outcome>)
    Given an org registered as "Acme Pte Ltd" in "Singapore", "SG"
    And another writer will replace the org's name by "Gamma Pte Ltd" just before the next publish, which then fails
    When the org's profile is replaced by "Beta Pte Ltd" in "Singapore", "SG"
    Then the client was answered "<answer>"
    And the org's stream holds versions "<stored>"
    And compared by event id, the subscribers <subscribers>
    And the org's view <view>

    @compensation
    Examples: compensation
      | strategy     | outcome                  | answer | stored | subscribers                             | view                      |
      | compensation | nothing lost or invented | 200 v2 | 1 2 3  | got every stored event and nothing else | is the fold of its stream |

    @outbox
    Examples: outbox
      | strategy | outcome                  | answer | stored | subscribers                             | view                      |
      | outbox   | nothing lost or invented | 200 v2 | 1 2 3  | got every stored event and nothing else | is the fold of its stream |

  @matrix-sdk-retry
  Scenario Outline: The SDK retries a put that had succeeded (<strategy>: <outcome>)
    Given an org registered as "Acme Pte Ltd" in "Singapore", "SG"
    And DynamoDB's answer to the next append is lost, so the SDK retries it
    When the org's profile is replaced by "Beta Pte Ltd" in "Singapore", "SG"
    Then the client was answered "<answer>"
    And the org's stream holds versions "<stored>"
    And compared by event id, the subscribers <subscribers>
    And the org's view <view>

    @compensation
    Examples: compensation
      | strategy     | outcome                  | answer | stored | subscribers                             | view                      |
      | compensation | nothing lost or invented | 200 v2 | 1 2    | got every stored event and nothing else | is the fold of its stream |

    @outbox
    Examples: outbox
      | strategy | outcome                  | answer | stored | subscribers                             | view                      |
      | outbox   | nothing lost or invented | 200 v2 | 1 2    | got every stored event and nothing else | is the fold of its stream |

  @matrix-sns-slow
  Scenario Outline: SNS is slower than the call budget (<strategy>: <outcome>)
    Given an org registered as "Acme Pte Ltd" in "Singapore", "SG"
    And SNS hangs on the next 3 attempts to publish an event
    When the org's profile is replaced by "Beta Pte Ltd" in "Singapore", "SG"
    Then the client was answered "<answer>"
    And the org's stream holds versions "<stored>"
    And compared by event id, the subscribers <subscribers>
    And the org's view <view>

    @compensation
    Examples: compensation
      | strategy     | outcome                  | answer                 | stored | subscribers                             | view                      |
      | compensation | nothing lost or invented | 503 broker-unavailable | 1      | got every stored event and nothing else | is the fold of its stream |

    @outbox
    Examples: outbox
      | strategy | outcome                  | answer | stored | subscribers                             | view                      |
      | outbox   | nothing lost or invented | 200 v2 | 1 2    | got every stored event and nothing else | is the fold of its stream |

  @matrix-throttled-append
  Scenario Outline: DynamoDB throttles an append, and the SDK's retries absorb it (<strategy>: <outcome>)
    Given an org registered as "Acme Pte Ltd" in "Singapore", "SG"
    And DynamoDB throttles the next 2 attempts to append
    When the org's profile is replaced by "Beta Pte Ltd" in "Singapore", "SG"
    Then the client was answered "<answer>"
    And the org's stream holds versions "<stored>"
    And compared by event id, the subscribers <subscribers>
    And the org's view <view>

    @compensation
    Examples: compensation
      | strategy     | outcome                  | answer | stored | subscribers                             | view                      |
      | compensation | nothing lost or invented | 200 v2 | 1 2    | got every stored event and nothing else | is the fold of its stream |

    @outbox
    Examples: outbox
      | strategy | outcome                  | answer | stored | subscribers                             | view                      |
      | outbox   | nothing lost or invented | 200 v2 | 1 2    | got every stored event and nothing else | is the fold of its stream |

  @matrix-throttled-read
  Scenario Outline: DynamoDB throttles a read past the SDK's retries (<strategy>: <outcome>)
    Given an org registered as "Acme Pte Ltd" in "Singapore", "SG"
    And DynamoDB throttles the next 3 attempts to read the event store
    When the org's profile is replaced by "Beta Pte Ltd" in "Singapore", "SG"
    Then the client was answered "<answer>"
    And the org's stream holds versions "<stored>"
    And compared by event id, the subscribers <subscribers>
    And the org's view <view>

    @compensation
    Examples: compensation
      | strategy     | outcome                  | answer                  | stored | subscribers                             | view                      |
      | compensation | nothing lost or invented | 503 service-unavailable | 1      | got every stored event and nothing else | is the fold of its stream |

    @outbox
    Examples: outbox
      | strategy | outcome                  | answer                  | stored | subscribers                             | view                      |
      | outbox   | nothing lost or invented | 503 service-unavailable | 1      | got every stored event and nothing else | is the fold of its stream |

  @matrix-sqs-twice
  Scenario Outline: SQS delivers an event twice to each consumer (<strategy>: <outcome>)
    Given a client registered the org with the contact phone "+6591234567"
    And "+6591234567" received an SMS with a code
    When the org's event of version 1 is delivered to the projection again
    And the org's event of version 1 is delivered to the event handler again
    Then the projection's queue is empty again
    And the event handler's queue is empty again
    And "+6591234567" received 1 SMS
    And the client was answered "<answer>"
    And the org's stream holds versions "<stored>"
    And compared by event id, the subscribers <subscribers>
    And the org's view <view>

    @compensation
    Examples: compensation
      | strategy     | outcome                  | answer | stored | subscribers                             | view                      |
      | compensation | nothing lost or invented | 201 v1 | 1      | got every stored event and nothing else | is the fold of its stream |

    @outbox
    Examples: outbox
      | strategy | outcome                  | answer | stored | subscribers                             | view                      |
      | outbox   | nothing lost or invented | 201 v1 | 1      | got every stored event and nothing else | is the fold of its stream |

  @matrix-projection-mid-batch
  Scenario Outline: The projection fails in the middle of a batch (<strategy>: <outcome>)
    Given an org registered as "Acme Pte Ltd" in "Singapore", "SG"
    And the client polled the org's view until it showed version 1
    And the projection fails once to write the org's view of version 2
    When the org's profile is replaced by "Beta Pte Ltd" in "Singapore", "SG"
    And the org's profile is replaced by "Gamma Pte Ltd" in "Singapore", "SG"
    Then the client polls the org's view until it shows version 3
    And the client was answered "<answer>"
    And the org's stream holds versions "<stored>"
    And compared by event id, the subscribers <subscribers>
    And the org's view <view>

    @compensation
    Examples: compensation
      | strategy     | outcome                  | answer | stored | subscribers                             | view                      |
      | compensation | nothing lost or invented | 200 v3 | 1 2 3  | got every stored event and nothing else | is the fold of its stream |

    @outbox
    Examples: outbox
      | strategy | outcome                  | answer | stored | subscribers                             | view                      |
      | outbox   | nothing lost or invented | 200 v3 | 1 2 3  | got every stored event and nothing else | is the fold of its stream |

  @matrix-relay-mid-batch
  Scenario Outline: The relay fails in the middle of a batch (<strategy>: <outcome>)
    Under compensation there is no relay: the commands publish their events themselves, and
    the fault finds nothing to act on.
    Given an org registered as "Acme Pte Ltd" in "Singapore", "SG"
    And the relay is stopped
    And the org's profile was replaced by "Beta Pte Ltd" in "Singapore", "SG"
    And the org's profile was replaced by "Gamma Pte Ltd" in "Singapore", "SG"
    And the org's profile was replaced by "Delta Pte Ltd" in "Singapore", "SG"
    And the relay will fail once to publish the org's event of version 3
    When the relay is started again
    Then the client was answered "<answer>"
    And the org's stream holds versions "<stored>"
    And compared by event id, the subscribers <subscribers>
    And the org's events were published in the order of their versions
    And the org's view <view>

    @compensation
    Examples: compensation
      | strategy     | outcome                  | answer | stored  | subscribers                             | view                      |
      | compensation | nothing lost or invented | 200 v4 | 1 2 3 4 | got every stored event and nothing else | is the fold of its stream |

    @outbox
    Examples: outbox
      | strategy | outcome                  | answer | stored  | subscribers                             | view                      |
      | outbox   | nothing lost or invented | 200 v4 | 1 2 3 4 | got every stored event and nothing else | is the fold of its stream |

  @matrix-broker-down
  Scenario Outline: The broker is down longer than any retry budget (<strategy>: <outcome>)
    Twenty publishes in a row fail: more than the SDK's retries, the command's budget, or the
    ten tries the relay's mapping used to allow before it gave a record up. Under the outbox
    the shard waits behind the first event and drains in order once the broker is back.
    Given an org registered as "Acme Pte Ltd" in "Singapore", "SG"
    And the broker is down for the next 20 publishes
    When the org's profile is replaced by "Beta Pte Ltd" in "Singapore", "SG"
    And the org's profile is replaced by "Gamma Pte Ltd" in "Singapore", "SG"
    Then the client was answered "<answer>"
    And the org's stream holds versions "<stored>"
    And compared by event id, the subscribers <subscribers>
    And the org's events were published in the order of their versions
    And the org's view <view>

    @compensation
    Examples: compensation
      | strategy     | outcome                  | answer                 | stored | subscribers                             | view                      |
      | compensation | nothing lost or invented | 503 broker-unavailable | 1      | got every stored event and nothing else | is the fold of its stream |

    @outbox
    Examples: outbox
      | strategy | outcome                  | answer | stored | subscribers                             | view                      |
      | outbox   | nothing lost or invented | 200 v3 | 1 2 3  | got every stored event and nothing else | is the fold of its stream |

  @matrix-undecodable
  Scenario Outline: An event that can never be decoded is parked, and the rest flows (<strategy>: <outcome>)
    A stored event that no version of the code can read (here a payload cut short) would
    block its shard for good if the relay retried it. The relay parks it instead, with its
    identity, and reports it done: the event stays in the store, and the events after it
    are published.
    Given an org registered as "Acme Pte Ltd" in "Singapore", "SG"
    And an event that cannot be decoded is stored in another org's stream
    When the org's profile is replaced by "Beta Pte Ltd" in "Singapore", "SG"
    Then the relay parked the undecodable event with its stream, version and event id
    And the client was answered "<answer>"
    And the org's stream holds versions "<stored>"
    And compared by event id, the subscribers <subscribers>
    And the org's view <view>

    @compensation
    Examples: compensation
      | strategy     | outcome                  | answer | stored | subscribers                                  | view                      |
      | compensation | nothing lost or invented | 200 v2 | 1 2    | got every stored event but the parked one    | is the fold of its stream |

    @outbox
    Examples: outbox
      | strategy | outcome                  | answer | stored | subscribers                                  | view                      |
      | outbox   | nothing lost or invented | 200 v2 | 1 2    | got every stored event but the parked one    | is the fold of its stream |

  @matrix-poison-message
  Scenario Outline: A poison message shares a batch with another stream's event (<strategy>: <outcome>)
    A message that no consumer can read waits ahead of the org's event in the projection's
    queue, in a message group of its own. Only the poison message fails, and only it reaches
    the dead-letter queue; the org's event, of another group, is projected in the same batch.
    Given an org registered as "Acme Pte Ltd" in "Singapore", "SG"
    And the client polled the org's view until it showed version 1
    And the projection is paused
    And a poison message waits in the projection's queue in a group of its own
    And the org's profile was replaced by "Beta Pte Ltd" in "Singapore", "SG"
    When the projection resumes, and receives both in one batch
    Then the client polls the org's view until it shows version 2
    And the poison message alone reaches the projection's dead-letter queue
    And the client was answered "<answer>"
    And the org's stream holds versions "<stored>"
    And compared by event id, the subscribers <subscribers>
    And the org's view <view>

    @compensation
    Examples: compensation
      | strategy     | outcome                  | answer | stored | subscribers                             | view                      |
      | compensation | nothing lost or invented | 200 v2 | 1 2    | got every stored event and nothing else | is the fold of its stream |

    @outbox
    Examples: outbox
      | strategy | outcome                  | answer | stored | subscribers                             | view                      |
      | outbox   | nothing lost or invented | 200 v2 | 1 2    | got every stored event and nothing else | is the fold of its stream |

  @matrix-unknown-field
  Scenario Outline: A newer version stored an event with a field this one does not know (<strategy>: <outcome>)
    The command's replay, the relay and the projection read the event and ignore the field.
    Given an org registered as "Acme Pte Ltd" in "Singapore", "SG"
    And a newer version stored the org's next event with a field this version does not know
    When the org's profile is replaced by "Beta Pte Ltd" in "Singapore", "SG"
    Then the client was answered "<answer>"
    And the org's stream holds versions "<stored>"
    And compared by event id, the subscribers <subscribers>
    And the org's view <view>

    @compensation
    Examples: compensation
      | strategy     | outcome                  | answer | stored | subscribers                             | view                      |
      | compensation | nothing lost or invented | 200 v3 | 1 2 3  | got every stored event and nothing else | is the fold of its stream |

    @outbox
    Examples: outbox
      | strategy | outcome                  | answer | stored | subscribers                             | view                      |
      | outbox   | nothing lost or invented | 200 v3 | 1 2 3  | got every stored event and nothing else | is the fold of its stream |

  @matrix-unknown-append
  Scenario Outline: The append is written but every answer to it is lost (<strategy>: <outcome>)
    The SDK gives up on the put without knowing whether it was written. A consistent read
    of that version decides: it finds the command's own event, and the command goes on as
    stored instead of answering "nothing was stored".
    Given an org registered as "Acme Pte Ltd" in "Singapore", "SG"
    And DynamoDB writes the next append, but every answer to it is lost
    When the org's profile is replaced by "Beta Pte Ltd" in "Singapore", "SG"
    Then the client was answered "<answer>"
    And the org's stream holds versions "<stored>"
    And compared by event id, the subscribers <subscribers>
    And the org's view <view>

    @compensation
    Examples: compensation
      | strategy     | outcome                  | answer | stored | subscribers                             | view                      |
      | compensation | nothing lost or invented | 200 v2 | 1 2    | got every stored event and nothing else | is the fold of its stream |

    @outbox
    Examples: outbox
      | strategy | outcome                  | answer | stored | subscribers                             | view                      |
      | outbox   | nothing lost or invented | 200 v2 | 1 2    | got every stored event and nothing else | is the fold of its stream |

  @matrix-outcome-unknown
  Scenario Outline: The append's outcome is unknown and the read after it fails, then the client retries (<strategy>: <outcome>)
    Nobody can tell whether the registration was stored. Under the outbox the answer says
    so; under compensation the event is taken back first, and the answer says nothing was
    stored. Either way the client retries under the same Idempotency-Key, and ends with one
    org, registered once.
    Given the client has signed in
    And DynamoDB writes the next append, but every answer to it is lost, and the read after it fails
    When a client registers the org with the Idempotency-Key "acme-retry-1"
    Then the first attempt was answered "<first>"
    When the client sends the same registration again with the Idempotency-Key "acme-retry-1"
    Then the client was answered "<answer>"
    And the answer's Location is the org's URL
    And the org's stream holds versions "<stored>"
    And compared by event id, the subscribers <subscribers>
    And the org's view <view>

    @compensation
    Examples: compensation
      | strategy     | outcome                  | first                   | answer | stored | subscribers                             | view                      |
      | compensation | nothing lost or invented | 503 service-unavailable | 201 v1 | 1      | got every stored event and nothing else | is the fold of its stream |

    @outbox
    Examples: outbox
      | strategy | outcome                  | first               | answer | stored | subscribers                             | view                      |
      | outbox   | nothing lost or invented | 503 outcome-unknown | 201 v1 | 1      | got every stored event and nothing else | is the fold of its stream |

  @matrix-strategy-switch
  Scenario Outline: The strategy is switched while an event waits (from <strategy> to <next>: <outcome>)
    Switching is a deployment: the relay's mapping stays enabled under both strategies and
    skips the events that their writer publishes. From compensation to the outbox it reads
    the stream from its oldest record, as a newly enabled mapping does, yet publishes none of
    the events compensation published, nor the one it deleted; from the outbox to
    compensation it still publishes the event it had not relayed yet.
    Given an org registered as "Acme Pte Ltd" in "Singapore", "SG"
    And the relay is stopped
    And the broker fails to publish the next event
    And the org's profile was replaced by "Beta Pte Ltd" in "Singapore", "SG", answered "<beta>"
    When the strategy is switched to <next>
    And the relay is started again
    And the org's profile is replaced by "Gamma Pte Ltd" in "Singapore", "SG"
    Then the client was answered "<answer>"
    And the org's stream holds versions "<stored>"
    And no event was published twice
    And compared by event id, the subscribers <subscribers>
    And the org's view <view>

    @compensation
    Examples: compensation
      | strategy     | next   | beta                   | outcome                  | answer | stored | subscribers                             | view                      |
      | compensation | outbox | 503 broker-unavailable | nothing lost or invented | 200 v2 | 1 2    | got every stored event and nothing else | is the fold of its stream |

    @outbox
    Examples: outbox
      | strategy | next         | beta   | outcome                  | answer | stored | subscribers                             | view                      |
      | outbox   | compensation | 200 v2 | nothing lost or invented | 200 v3 | 1 2 3  | got every stored event and nothing else | is the fold of its stream |

  @matrix-view-rebuilt
  Scenario Outline: Every view is lost, then rebuilt from the event store (<strategy>: <outcome>)
    Given an org registered as "Acme Pte Ltd" in "Singapore", "SG"
    And the org's profile was replaced by "Beta Pte Ltd" in "Singapore", "SG"
    And the client polled the org's view until it showed version 2
    When every item of the views table is deleted
    And the operator rebuilds the views
    Then the client was answered "<answer>"
    And the org's stream holds versions "<stored>"
    And compared by event id, the subscribers <subscribers>
    And the org's view <view>

    @compensation
    Examples: compensation
      | strategy     | outcome                  | answer | stored | subscribers                             | view                      |
      | compensation | nothing lost or invented | 200 v2 | 1 2    | got every stored event and nothing else | is the fold of its stream |

    @outbox
    Examples: outbox
      | strategy | outcome                  | answer | stored | subscribers                             | view                      |
      | outbox   | nothing lost or invented | 200 v2 | 1 2    | got every stored event and nothing else | is the fold of its stream |
