@auth
Feature: Who may do what: signing in, and the owners of orgs
  Verifying a code signs the phone in: the answer holds a token, a JWT signed by a key in AWS
  KMS, whose subject is the phone. Org commands need such a token. The phone that registers
  an org owns it, and only the owner may change it. A contact phone is verified by the code
  texted for that org's contact, typed in by the org's owner, and by nothing else.

  @sign-in
  Scenario: Verifying a code signs the phone in with a token that the published key verifies
    Given a code was sent to "+6590000201"
    When "+6590000201" verifies with the code from its SMS
    Then the answer is 200 with version 2
    And the answer holds an ES256 token for "+6590000201" that expires within the hour
    And the token says typ JWT and names this API as its audience
    And the token's signature verifies with the key published at /.well-known/jwks.json
    And the published key has no private part

  @token-missing
  Scenario: An org command without a token is refused with a bare challenge
    When a client that has not signed in registers an org
    Then the answer is a 401 problem "unauthorized" with the challenge "Bearer"
    And the event store is unchanged
    And nothing was published

  @token-invalid
  Scenario Outline: <token> is refused like no token, with an invalid_token challenge
    Given "+6590000201" signed in
    When "+6590000201" registers an org with <token>
    Then the answer is a 401 problem "invalid-token" with the challenge "Bearer error=\"invalid_token\""
    And the event store is unchanged

    Examples:
      | token                                                   |
      | a malformed token                                       |
      | its token, after 61 minutes                             |
      | its token, its subject changed to "+6590000666"         |
      | a token signed with a key of its own                    |
      | an unsigned token ("alg": "none")                       |

  @token-defects
  Scenario Outline: A token signed by the service's own key is refused all the same when <defect>
    Each token below carries a signature that the published key verifies, made by the
    service's KMS key or derived from a real token: only the check named refuses it.
    Given "+6590000201" signed in
    When "+6590000201" registers an org with <token>
    Then the answer is a 401 problem "invalid-token" with the challenge "Bearer error=\"invalid_token\""
    And the problem's detail says "<detail>"
    And the event store is unchanged

    Examples:
      | defect                                   | token                                                      | detail                                               |
      | it is for another API                    | a token of the service's key for the audience "urn:other"  | the token is not for this API                        |
      | it names no audience                     | a token of the service's key without an audience           | the token is not for this API                        |
      | its header does not say typ JWT          | a token of the service's key whose header has no typ       | the token's header does not say typ JWT              |
      | it lives two hours                       | a token of the service's key that lives 120 minutes        | the token lives longer than 60 minutes               |
      | its signature has S in the upper half    | its token, its signature's S replaced by n - S             | the token's signature is not in its canonical low-S form |
      | its signature has a byte more            | its token, a byte appended to its signature                | the token's signature is not 64 bytes                |
      | it is padded                             | its token, its signature padded with "="                   | the token is not three base64url parts without padding |
      | its last character has bits set beyond the signature | its token, the unused bits of its signature's last character set | the token is not in its canonical base64url form |

  @token-low-s
  Scenario: Every token the service signs has its signature in the canonical low-S form
    KMS answers either of the two forms of an ECDSA signature; the signer keeps the low one.
    Given 12 phones signed in
    Then every token's signature has S in the lower half of the curve order

  @owner-update
  Scenario: The phone that registered an org owns it and may change it
    Given "+6590000201" signed in and registered an org as "Acme Pte Ltd" in "Singapore", "SG"
    When "+6590000201" replaces the org's profile by "Acme Holdings" in "Singapore", "SG"
    Then the answer is 200 with version 2
    And the org's stream holds
      | version | type              |
      | 1       | OrgRegistered     |
      | 2       | OrgProfileUpdated |
    And the stored OrgRegistered names "+6590000201" as the owner
    And no published event and no view names the owner

  @not-owner
  Scenario: Another phone, signed in all the same, may not change the org
    Given "+6590000201" signed in and registered an org as "Acme Pte Ltd" in "Singapore", "SG"
    And "+6590000202" signed in
    When "+6590000202" replaces the org's profile by "Not Acme" in "Singapore", "SG"
    Then the answer is a 403 problem "not-owner"
    And the org's stream has 1 event

  @unknown-org
  Scenario: A valid token does not make an org exist
    Given "+6590000201" signed in
    When "+6590000201" replaces the profile of org "3f1c2d4e-0000-4000-8000-000000000000" by "Acme" in "Singapore", "SG"
    Then the answer is a 404 problem "org-not-found"
    And the stream "org#3f1c2d4e-0000-4000-8000-000000000000" has 0 events

  @auth-order
  Scenario: An update's checks come in a fixed order: 401, 404, 403, 400, 412
    Each request below would fail every later check too; the answer names the first that fails.
    Given "+6590000201" signed in and registered an org as "Acme Pte Ltd" in "Singapore", "SG"
    And "+6590000202" signed in
    Then these updates are answered in this order
      | token of      | org         | profile | If-Match | answer                  |
      | nobody        | never known | invalid | "9"      | 401 unauthorized        |
      | +6590000202   | never known | invalid | "9"      | 404 org-not-found       |
      | +6590000202   | the org     | invalid | "9"      | 403 not-owner           |
      | +6590000201   | the org     | invalid | "9"      | 400 invalid-request     |
      | +6590000201   | the org     | valid   | "9"      | 412 precondition-failed |
      | +6590000201   | the org     | valid   | "1"      | 200                     |
    And the org's stream has 2 events

  @contact-hijack
  Scenario: A victim's sign-in cannot verify an attacker's org, nor can the attacker's code sign the victim in
    The attack: the victim has a sign-in code pending; an attacker registers an org with the
    victim's phone as its contact, so that a contact code reaches the phone, hoping the victim
    types the newest text at sign-in. The contact code lives on a stream of its own, names the
    org, and signs nobody in; the victim's sign-in code still verifies; the org stays unverified.
    Given "+6591230001" asked for a code to sign in
    And "+6590000666" signed in and registered an org as "Evil Pte Ltd" with the contact phone "+6591230001"
    And "+6591230001" received a contact code that names "Evil Pte Ltd"
    When "+6591230001" signs in with the code of the newest text it received
    Then the answer is a 422 problem "wrong-code"
    When "+6591230001" signs in with its sign-in code
    Then the answer says verified
    And the stream "otp#+6591230001" holds
      | version | type             |
      | 1       | OtpIssued        |
      | 2       | OtpAttemptFailed |
      | 3       | OtpVerified      |
    When the org's owner verifies the contact with the sign-in code of "+6591230001"
    Then the answer is a 422 problem "wrong-code"
    And the event handler's queue is empty again
    And the org's stream holds
      | version | type          |
      | 1       | OrgRegistered |
    And the client polls the org's view until it shows version 1
    And the org's view shows no contact phone, and an unverified contact
