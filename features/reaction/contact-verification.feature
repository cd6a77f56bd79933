@reaction
Feature: The event handler: verifying an org's contact phone
  Events of one aggregate cause commands on another. An org registered with a contact phone,
  or whose contact phone changed, gets an OTP sent to that phone; when that phone's OTP is
  verified, the org records that its contact is verified, and its view follows.

  @contact-verification
  Scenario: An org's contact phone is verified through the code sent to it
    When a client registers the org
      """json
      {"name": "Acme Pte Ltd", "location": {"city": "Singapore", "country": "SG"}, "contactPhone": "+6591230001"}
      """
    Then "+6591230001" receives an SMS with a code
    When "+6591230001" verifies with the code from its SMS
    Then the answer is 200 with version 2
    And the client polls the org's view until it shows a verified contact
    And the org's stream holds
      | version | type               |
      | 1       | OrgRegistered      |
      | 2       | OrgContactVerified |

  @contact-changed
  Scenario: A new contact phone is unverified again, and gets a code of its own
    Given an org whose contact phone "+6591230001" is verified
    When the org's contact phone is replaced by "+6591230002"
    Then the answer is 200 with version 3
    And the client polls the org's view until it shows version 3
    And the org's view shows the contact phone "+6591230002", unverified
    And "+6591230002" receives an SMS with a code
    When "+6591230002" verifies with the code from its SMS
    Then the client polls the org's view until it shows a verified contact

  @contact-old-phone
  Scenario: Verifying a phone that is no longer the contact changes nothing
    Given an org whose contact phone "+6591230001" is verified
    And the org's contact phone was replaced by "+6591230002"
    And "+6591230001" was sent a new code and verified it
    Then the event handler's queue is empty again
    And the org's stream holds
      | version | type               |
      | 1       | OrgRegistered      |
      | 2       | OrgContactVerified |
      | 3       | OrgProfileUpdated  |

  @reaction-idempotent
  Scenario: A redelivered registration issues no second code
    Given a client registered the org with the contact phone "+6591230001"
    And "+6591230001" received an SMS with a code
    When the org's event of version 1 is delivered to the event handler again
    Then the event handler's queue is empty again
    And the stream "otp#+6591230001" has 1 event
    And "+6591230001" received 1 SMS
