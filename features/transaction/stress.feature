@transaction @stress
Feature: Under load, the event transaction keeps its promise
  Many clients at once, over a few aggregates, through the real handler against the
  emulator on this machine: a few seconds, bounded in count. Afterwards every stream is
  checked whole: versions without gap or duplicate, the published set against the stored
  set, every view against the fold of its stream, and the OTP rules against what was
  stored and answered. The run prints its figures.

  @stress-run
  Scenario Outline: 8 clients send 240 commands over 4 orgs and 3 phones (<strategy>)
    Given 4 orgs registered for the load
    When 8 clients send 240 commands at once: profile replacements for the orgs, code requests and wrong codes for 3 phones
    Then every answer is one the contract names, and none is a 5xx
    And every stream holds versions 1 to its last, without gap or duplicate
    And compared by event id, the subscribers got every stored event and nothing else
    And every view is the fold of its stream
    And no phone had more than 3 codes accepted in 10 minutes, nor more than 2 wrong codes answered 422 per code
    And the figures of the run are printed

    @compensation
    Examples: compensation
      | strategy     |
      | compensation |

    @outbox
    Examples: outbox
      | strategy |
      | outbox   |
