@otp
Feature: Issuing one-time passwords
  A phone number asks for a code. The code goes out by SMS and nowhere else: the event store
  keeps a keyed hash of it, and what is published about it holds neither code nor hash.
  A phone gets at most 3 codes in any 10 minutes, and at most 10 texts in any 24 hours,
  whatever they are for.

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

  @otp-daily-texts
  Scenario: The 11th text of a day is refused, whatever the texts were for
    The daily budget is one item per phone, changed only on condition that nobody changed it
    since it was read: it holds exactly, for sign-in codes and contact codes together.
    Given 3 codes were requested for "+6591234567"
    And 10 minutes pass
    And 3 codes were requested for "+6591234567"
    And 10 minutes pass
    And 3 codes were requested for "+6591234567"
    And 10 minutes pass
    And a client registered the org with the contact phone "+6591234567"
    And "+6591234567" received a contact code that names "Acme Pte Ltd"
    And "+6591234567" received 10 SMS
    When a code is requested for "+6591234567"
    Then the answer is a 429 problem "too-many-texts"
    And the answer says to retry after at most 86400 seconds
    And the stream "otp#+6591234567" has 9 events
    When the org's owner asks for a new contact code
    Then the answer is a 429 problem "too-many-texts"
    And "+6591234567" received 10 SMS
    When 1440 minutes pass
    And a code is requested for "+6591234567"
    Then the answer is 201 with version 10

  @otp-rate-limit-window
  Scenario: The window slides: a code stops counting ten minutes after it was issued
    On the scenario's own clock, codes at 0:00, 4:00 and 8:00 fill the window: at 9:00 a
    fourth is refused until the first leaves it. At 10:01 it has, and a fourth is issued; at
    11:00 the codes of 4:00, 8:00 and 10:01 fill the window again. A fixed window, wherever
    its edges fall, would issue the code of 9:00 or the one of 11:00.
    Given the scenario's clock reads 0:00
    And codes were requested for "+6591234567" at 0:00, 4:00 and 8:00
    When at 9:00 a code is requested for "+6591234567"
    Then the answer is a 429 problem "too-many-codes"
    And the answer says to retry after 60 seconds
    When at 10:01 a code is requested for "+6591234567"
    Then the answer is 201 with version 4
    When at 11:00 a code is requested for "+6591234567"
    Then the answer is a 429 problem "too-many-codes"
    And the answer says to retry after 180 seconds

  @otp-replay-from-latest
  Scenario: To decide, the handler reads the stream back to the latest issued code only
    Given 2 codes were requested for "+6591234567"
    When "+6591234567" verifies with the code from its SMS
    Then the answer is 200 with version 3
    And to decide, the handler read 1 of the 2 events in the stream
