@otp
Feature: Issuing one-time passwords
  A phone number asks for a code. The code goes out by SMS and nowhere else: the event store
  keeps a keyed hash of it, and what is published about it holds neither code nor hash.
  A phone gets at most 3 codes in any 10 minutes.

  @otp-issue
  Scenario: A code is issued and sent by SMS
    When a code is requested for "+6591234567"
    Then the answer is 201 with version 1
    And the answer has an otpId and an expiry 5 minutes ahead
    And "+6591234567" received 1 SMS with a 6-digit code
    And the stream "otp#+6591234567" holds
      | version | type      |
      | 1       | OtpIssued |
    And the stored OtpIssued holds a hash of the code, not the code
    And an OtpIssued event was published in group "otp#+6591234567", deduplicated by its stored event id
    And no published message and no answer holds the code or its hash

  @otp-rate-limit
  Scenario: A fourth code within ten minutes is refused
    Given 3 codes were requested for "+6591234567"
    When a code is requested for "+6591234567"
    Then the answer is a 429 problem "too-many-codes"
    And the answer says to retry after at most 600 seconds
    And the stream "otp#+6591234567" has 3 events
    And "+6591234567" received 3 SMS

  @otp-rate-limit-window
  Scenario: The window slides: ten minutes after the first code, a fourth is issued
    Given 3 codes were requested for "+6591234567"
    And 10 minutes pass
    When a code is requested for "+6591234567"
    Then the answer is 201 with version 4

  @otp-replay-from-latest
  Scenario: To decide, the handler reads the stream back to the latest issued code only
    Given 2 codes were requested for "+6591234567"
    When "+6591234567" verifies with the code from its SMS
    Then the answer is 200 with version 3
    And to decide, the handler read 1 of the 2 events in the stream
