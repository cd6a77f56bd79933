@otp @secrets
Feature: The OTP key can be rotated without losing the codes already sent
  Codes are stored as an HMAC under a secret key, which the function reads once, at init,
  from an SSM SecureString parameter holding {"current": id, "keys": {id: key, ...}}. Each
  stored hash names its key id. A new code is hashed with the current key; a typed code is
  hashed with every key held, and the decider compares the one whose id matches the stored
  hash. So a rotation adds a key and makes it current, and codes sent before it still verify.

  @otp-key-rotation
  Scenario: A code hashed with the old key still verifies after the key is rotated
    Given a code was sent to "+6591230003"
    And the stored code of "+6591230003" was hashed with key "1"
    When the OTP keys are rotated: key "2" becomes current and key "1" is kept
    And a new instance of the function starts and reads the keys
    And "+6591230003" verifies with the code from its SMS
    Then the answer says verified
    When a code is requested for "+6591230004"
    Then the stored code of "+6591230004" was hashed with key "2"
    And "+6591230004" verifies with the code from its SMS
    And the answer says verified
