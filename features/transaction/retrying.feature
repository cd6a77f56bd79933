@transaction @retrying
Feature: Commands tell the truth, and can be retried safely
  A 5xx answer says what the store holds: nothing, the event stored but not yet published, or
  that the handler could not find out. With an Idempotency-Key, a retry is always safe: the
  same key from the same caller answers what the first request answered, and writes and
  sends nothing more.

  @idempotency-org
  Scenario: The same registration sent twice under one Idempotency-Key registers one org
    When a client registers the org with the Idempotency-Key "acme-2026-12-06"
    And the client sends the same registration again with the Idempotency-Key "acme-2026-12-06"
    Then both answers are 201 with the same body and Location
    And the event store holds 1 org

  @idempotency-reused
  Scenario: An Idempotency-Key sent again with another body is refused
    Given a client registered the org with the Idempotency-Key "acme-2026-12-06"
    When the client registers another org with the Idempotency-Key "acme-2026-12-06"
    Then the answer is a 422 problem "idempotency-key-reused"
    And the event store is unchanged

  @idempotency-otp
  Scenario: A code asked for twice under one Idempotency-Key is sent once
    When a code is requested for "+6591234567" with the Idempotency-Key "sign-in-1"
    And a code is requested for "+6591234567" with the Idempotency-Key "sign-in-1"
    Then both answers are 201 with the same body and Location
    And "+6591234567" received 1 SMS

  @idempotency-otp-unknown @outbox
  Scenario: A code whose outcome is unknown, asked for again under its Idempotency-Key, is one code and one text
    Under the outbox (under compensation the code would be taken back, and the answer would say
    nothing was stored), nobody can tell whether the code was stored, so no text went out. The retry draws the same
    otpId from the phone and the key: the decider finds that code issued already, and the code,
    made again from the key and the otpId, is texted now, once.
    Given DynamoDB writes the next append, but every answer to it is lost, and the read after it fails
    When a code is requested for "+6591234567" with the Idempotency-Key "sign-in-2"
    Then the answer is a 503 problem "outcome-unknown"
    And "+6591234567" received 0 SMS
    When a code is requested for "+6591234567" with the Idempotency-Key "sign-in-2"
    Then the answer is 201 with version 1
    And "+6591234567" received 1 SMS
    And the sign-in stream of "+6591234567" holds 1 code

  @deadline-command
  Scenario: A command that the function's timeout would cut short is not started
    Lambda stops an invocation at its timeout wherever it is: after an append and before the
    text that should follow, say. The command handler asks the invocation's deadline, from
    Lambda's context, before each attempt, and starts none that could not finish.
    Given an org registered as "Acme Pte Ltd" in "Singapore", "SG"
    When the org's profile is replaced by "Beta Pte Ltd" in "Singapore", "SG", with 3 seconds of the invocation left
    Then the answer is a 503 problem "out-of-time"
    And the event store is unchanged
