@otp
Feature: Verifying a one-time password
  The code from the SMS verifies the phone once, within 5 minutes. Three wrong attempts
  lock the code; a new code replaces the one pending. A code is bound to whoever asked for
  it: verifying names the otpId that POST /otp answered, and an otpId that is not this
  phone's code is refused without counting an attempt.

  @otp-verify
  Scenario: The code received by SMS verifies the phone
    Given a code was sent to "+6591234567"
    When "+6591234567" verifies with the code from its SMS
    Then the answer is 200 with version 2
    And the answer says verified
    And the stream "otp#+6591234567" holds
      | version | type        |
      | 1       | OtpIssued   |
      | 2       | OtpVerified |

  @otp-wrong-code
  Scenario: A wrong code is counted and refused
    Given a code was sent to "+6591234567"
    When "+6591234567" verifies with a wrong code
    Then the answer is a 422 problem "wrong-code"
    And the problem says 2 attempts are left
    And the problem names version 2, the version the attempt wrote
    And the stream "otp#+6591234567" holds
      | version | type             |
      | 1       | OtpIssued        |
      | 2       | OtpAttemptFailed |

  @otp-lockout
  Scenario: The third wrong attempt locks the code, even against the right one
    Given a code was sent to "+6591234567"
    And "+6591234567" typed a wrong code 2 times
    When "+6591234567" verifies with a wrong code
    Then the answer is a 423 problem "code-locked"
    When "+6591234567" verifies with the code from its SMS
    Then the answer is a 423 problem "code-locked"
    And the stream "otp#+6591234567" holds
      | version | type             |
      | 1       | OtpIssued        |
      | 2       | OtpAttemptFailed |
      | 3       | OtpAttemptFailed |
      | 4       | OtpLocked        |

  @otp-new-code-after-lockout
  Scenario: A new code after a lockout verifies
    Given a code was sent to "+6591234567"
    And "+6591234567" typed a wrong code 3 times
    And a code was sent to "+6591234567"
    When "+6591234567" verifies with the code from its SMS
    Then the answer is 200 with version 6

  @otp-expiry
  Scenario: A code expires after five minutes
    Given a code was sent to "+6591234567"
    And 5 minutes pass
    When "+6591234567" verifies with the code from its SMS
    Then the answer is a 410 problem "code-expired"
    And the stream "otp#+6591234567" has 1 event

  @otp-one-time
  Scenario: A code verifies once only
    Given a code was sent to "+6591234567"
    And "+6591234567" verified with the code from its SMS
    When "+6591234567" verifies with the code from its SMS
    Then the answer is a 410 problem "code-used"
    And the stream "otp#+6591234567" has 2 events

  @otp-supersede
  Scenario: A new code supersedes the pending one
    Given a code was sent to "+6591234567"
    And a second code was sent to "+6591234567"
    When "+6591234567" verifies with the first code it received, under its otpId
    Then the answer is a 410 problem "code-superseded"
    And the stream "otp#+6591234567" has 2 events
    When "+6591234567" verifies with the first code it received, under the otpId of the second
    Then the answer is a 410 problem "code-superseded"
    And the stream "otp#+6591234567" has 2 events
    When "+6591234567" verifies with the code from its SMS
    Then the answer is 200 with version 3

  @otp-never-issued
  Scenario: A phone that never got a code cannot verify
    When "+6598765432" verifies with the code "123456"
    Then the answer is a 404 problem "no-code-issued"
    And the stream "otp#+6598765432" has 0 events

  @otp-foreign-otpid
  Scenario: The otpId of another phone's code verifies nothing, and counts no attempt
    Given a code was sent to "+6591234567"
    And a code was sent to "+6598765432"
    When "+6591234567" verifies with the code from its SMS under the otpId of "+6598765432"
    Then the answer is a 404 problem "no-code-issued"
    And the stream "otp#+6591234567" has 1 event
    And the stream "otp#+6598765432" has 1 event
    When "+6591234567" verifies with the code from its SMS
    Then the answer is 200 with version 2

  @otp-bound-to-requester
  Scenario: Without the otpId, nobody can spend, lock or probe a phone's code
    Someone who knows only the phone number tries wrong codes, then the right one, under
    otpIds of their own: every answer is the same 404, nothing is recorded, and the phone's
    owner still signs in with the code and the otpId it was given.
    Given a code was sent to "+6591234567"
    When "+6591234567" is verified 3 times with a wrong code under an otpId of someone else's own
    Then the answer is a 404 problem "no-code-issued"
    When "+6591234567" is verified with the code from its SMS under an otpId of someone else's own
    Then the answer is a 404 problem "no-code-issued"
    And the stream "otp#+6591234567" has 1 event
    When "+6591234567" verifies with the code from its SMS
    Then the answer is 200 with version 2
