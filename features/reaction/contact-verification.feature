@reaction
Feature: The event handler: verifying an org's contact phone
  Events of one aggregate cause commands on another. An org registered with a contact phone,
  or whose contact phone changed, gets a contact code texted to that phone: a code of its own
  stream, for that org and phone, never the phone's sign-in stream, in a text that names the
  org and what the code is for. The org's owner types it in; the OTP stream records the
  verification, and the event handler marks the org's contact verified, and its view follows.

  @contact-verification
  Scenario: An org's contact phone is verified through the code texted to it, typed in by the org's owner
    When a client registers the org
      """json
      {"name": "Acme Pte Ltd", "location": {"city": "Singapore", "country": "SG"}, "contactPhone": "+6591230001"}
      """
    Then "+6591230001" receives a contact code that names "Acme Pte Ltd"
    When the org's owner verifies the contact with the code from the SMS of "+6591230001"
    Then the answer is 200 and says the contact "+6591230001" is verified
    And the client polls the org's view until it shows a verified contact
    And the org's stream holds
      | version | type               |
      | 1       | OrgRegistered      |
      | 2       | OrgContactVerified |
    And the org's contact codes of "+6591230001" hold
      | version | type        |
      | 1       | OtpIssued   |
      | 2       | OtpVerified |
    And the stream "otp#+6591230001" has 0 events

  @contact-changed
  Scenario: A new contact phone is unverified again, and gets a code of its own
    Given an org whose contact phone "+6591230001" is verified
    When the org's contact phone is replaced by "+6591230002"
    Then the answer is 200 with version 3
    And the client polls the org's view until it shows version 3
    And the org's view shows no contact phone, and an unverified contact
    And "+6591230002" receives a contact code that names "Acme Pte Ltd"
    When the org's owner verifies the contact with the code from the SMS of "+6591230002"
    Then the client polls the org's view until it shows a verified contact

  @contact-old-phone
  Scenario: A code texted to a former contact phone verifies nothing
    Given an org whose contact phone "+6591230001" is verified
    And the org's contact phone was replaced by "+6591230002"
    And the org's owner asked for a new contact code
    When the org's owner verifies the contact with the code from the SMS of "+6591230001"
    Then the answer is a 422 problem "wrong-code"
    And the event handler's queue is empty again
    And the org's stream holds
      | version | type               |
      | 1       | OrgRegistered      |
      | 2       | OrgContactVerified |
      | 3       | OrgProfileUpdated  |

  @reaction-idempotent
  Scenario: A redelivered registration issues no second code, and texts nothing more
    Given a client registered the org with the contact phone "+6591230001"
    And "+6591230001" received an SMS with a code
    When the org's event of version 1 is delivered to the event handler again
    Then the event handler's queue is empty again
    And the org's contact codes of "+6591230001" are 1 event
    And "+6591230001" received 1 SMS

  @reaction-text-lost
  Scenario: A registration whose contact text did not go out is texted on redelivery, with the same code
    The code is stored before its text goes out. When SNS refuses the text, the event handler
    fails the message, SQS delivers it again, and the redelivery finds the code issued and its
    text not sent: it sends the text, with the same code, derived again from the key and the otpId.
    Given "+6590000100" signed in
    And SNS refuses the next text
    When a client registers an org as "Acme Pte Ltd" with the contact phone "+6591230001"
    Then "+6591230001" receives a contact code that names "Acme Pte Ltd"
    And the event handler's queue is empty again
    And the org's contact codes of "+6591230001" are 1 event
    And "+6591230001" received 1 SMS
    When the org's owner verifies the contact with the code from the SMS of "+6591230001"
    Then the answer is 200 and says the contact "+6591230001" is verified

  @contact-new-code
  Scenario: The owner asks for a new contact code; it supersedes the pending one
    The owner's route verifies the current code of the org's contact. The first code no
    longer verifies; typing it is answered as superseded, and counts no attempt.
    Given a client registered the org with the contact phone "+6591230001"
    And "+6591230001" received a contact code that names "Acme Pte Ltd"
    When the org's owner asks for a new contact code
    Then the answer is 201 with the org's id and an expiry 5 minutes ahead
    And "+6591230001" received 2 SMS
    When the org's owner verifies the contact with the first contact code of "+6591230001"
    Then the answer is a 410 problem "code-superseded"
    When the org's owner verifies the contact with the code from the SMS of "+6591230001"
    Then the answer is 200 and says the contact "+6591230001" is verified
    And the client polls the org's view until it shows a verified contact
    When the org's owner asks for a new contact code
    Then the answer is a 409 problem "contact-verified"

  @contact-code-limit
  Scenario: At most 3 contact codes per org and phone in 10 minutes
    Given a client registered the org with the contact phone "+6591230001"
    And "+6591230001" received a contact code that names "Acme Pte Ltd"
    And the org's owner asked for a new contact code
    And the org's owner asked for a new contact code
    When the org's owner asks for a new contact code
    Then the answer is a 429 problem "too-many-codes"
    And the answer says to retry after at most 600 seconds
    And "+6591230001" received 3 SMS

  @contact-owner-only
  Scenario: Only the org's owner may verify its contact or ask for a contact code
    Given "+6590000201" signed in and registered an org with the contact phone "+6591230001"
    And "+6591230001" received a contact code that names "Acme Pte Ltd"
    And "+6590000202" signed in
    Then these contact requests are answered so
      | token of    | org         | route   | body                | answer                  |
      | nobody      | the org     | verify  | {"code": "123456"}  | 401 unauthorized        |
      | nobody      | the org     | code    |                     | 401 unauthorized        |
      | +6590000202 | never known | verify  | {"code": "123456"}  | 404 org-not-found       |
      | +6590000202 | the org     | verify  | {"code": "123456"}  | 403 not-owner           |
      | +6590000202 | the org     | code    |                     | 403 not-owner           |
      | +6590000201 | the org     | verify  | {"code": "12345"}   | 400 invalid-request     |
      | +6590000201 | the org     | code    | {"phone": "+65"}    | 400 invalid-request     |
    And the org's contact codes of "+6591230001" are 1 event
    And "+6591230001" received 1 SMS

  @contact-no-phone
  Scenario: An org without a contact phone has no contact code to verify or ask for
    Given an org registered as "Acme Pte Ltd" in "Singapore", "SG"
    When the org's owner asks for a new contact code
    Then the answer is a 404 problem "no-contact-phone"
    When the org's owner verifies the contact with the code "123456"
    Then the answer is a 404 problem "no-contact-code"

  @contact-private
  Scenario: A contact phone is public once verified; before, only the owner sees it
    Given a client registered the org with the contact phone "+6591230001"
    And "+6591230001" received a contact code that names "Acme Pte Ltd"
    When the client polls the org's view until it shows version 1
    Then the org's view shows no contact phone, and an unverified contact
    When the org's owner reads the org's view
    Then the org's view shows the contact phone "+6591230001", unverified
    When another signed-in phone reads the org's view
    Then the org's view shows no contact phone, and an unverified contact
    When the org's owner verifies the contact with the code from the SMS of "+6591230001"
    And the client polls the org's view until it shows a verified contact
    Then the org's view shows the contact phone "+6591230001", verified
