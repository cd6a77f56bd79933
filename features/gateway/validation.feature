@gateway
Feature: The gateway refuses bad input before any command exists
  Value objects validate at the gateway: a request with any invalid field is answered 400
  with RFC 9457 problem JSON naming every invalid field at once, and nothing is stored or
  published.

  @gateway-invalid-input
  Scenario Outline: <case> is refused, naming every invalid field
    When a client sends POST <path> with the body <body>
    Then the answer is a 400 problem "invalid-request" naming the fields "<fields>"
    And the event store is unchanged
    And nothing was published

    Examples:
      | case                           | path        | body                                                                                                               | fields                                                   |
      | a phone without its +          | /otp        | {"phone": "6591234567"}                                                                                            | phone                                                    |
      | a phone too short              | /otp        | {"phone": "+6512345"}                                                                                              | phone                                                    |
      | a phone too long               | /otp        | {"phone": "+6591234567890123"}                                                                                     | phone                                                    |
      | a phone given as a number      | /otp        | {"phone": 6591234567}                                                                                              | phone                                                    |
      | a missing phone                | /otp        | {}                                                                                                                 | phone                                                    |
      | an unknown field               | /otp        | {"phone": "+6591234567", "admin": true}                                                                            | admin                                                    |
      | malformed JSON                 | /otp        | {"phone":                                                                                                          | $                                                        |
      | a body that is not an object   | /otp        | ["+6591234567"]                                                                                                    | $                                                        |
      | a code of 5 digits             | /otp/verify | {"phone": "+6591234567", "otpId": "3f1c2d4e-0000-4000-8000-000000000000", "code": "12345"}                         | code                                                     |
      | a code with letters            | /otp/verify | {"phone": "+6591234567", "otpId": "3f1c2d4e-0000-4000-8000-000000000000", "code": "12a456"}                        | code                                                     |
      | a verification without otpId   | /otp/verify | {"phone": "+6591234567", "code": "123456"}                                                                         | otpId                                                    |
      | an otpId that is no UUID       | /otp/verify | {"phone": "+6591234567", "otpId": "latest", "code": "123456"}                                                      | otpId                                                    |
      | every org field wrong at once  | /orgs       | {"name": " ", "location": {"city": "", "country": "XX"}, "website": "ftp://acme.example", "contactPhone": "12345"} | name, location.city, location.country, website, contactPhone |
      | a name of 101 characters       | /orgs       | {"name": "{{a*101}}", "location": {"city": "Singapore", "country": "SG"}}                                          | name                                                     |
      | a city of 81 characters        | /orgs       | {"name": "Acme", "location": {"city": "{{b*81}}", "country": "SG"}}                                                | location.city                                            |
      | a lower-case country           | /orgs       | {"name": "Acme", "location": {"city": "Singapore", "country": "sg"}}                                               | location.country                                         |
      | a missing location             | /orgs       | {"name": "Acme"}                                                                                                   | location                                                 |
      | a location that is a string    | /orgs       | {"name": "Acme", "location": "Singapore"}                                                                          | location                                                 |
      | a relative website             | /orgs       | {"name": "Acme", "location": {"city": "Singapore", "country": "SG"}, "website": "/about"}                          | website                                                  |
      | a website of 201 characters    | /orgs       | {"name": "Acme", "location": {"city": "Singapore", "country": "SG"}, "website": "https://a.example/{{c*183}}"}     | website                                                  |
      | an unknown nested field        | /orgs       | {"name": "Acme", "location": {"city": "Singapore", "country": "SG", "zip": "01"}}                                  | location.zip                                             |
      | a duplicated field             | /orgs       | {"name": "Acme", "name": "Beta", "location": {"city": "Singapore", "country": "SG"}}                               | $                                                        |

  @gateway-blank-looking-names
  Scenario Outline: A name that looks blank, or hides what it holds, is refused: <case>
    Text is normalised to NFC and must hold a letter or a digit, with no control, format
    (Unicode Cf) or line- or paragraph-separator character. The names below are written
    with \u escapes, which the step turns into the characters.
    When a client registers an org named "<name>"
    Then the answer is a 400 problem "invalid-request" naming the fields "name"
    And the event store is unchanged

    Examples:
      | case                         | name                 |
      | a zero-width space           | \u200b               |
      | a zero-width space inside    | Ac\u200bme           |
      | a soft hyphen                | \u00ad               |
      | a byte-order mark            | \ufeffAcme           |
      | a zero-width joiner          | Acme\u200d           |
      | a word joiner                | \u2060               |
      | a line separator             | Acme\u2028Ltd        |
      | a paragraph separator        | Acme\u2029Ltd        |
      | an ideographic space         | \u3000               |
      | no-break spaces              | \u00a0\u00a0         |
      | a combining accent alone     | \u0301               |
      | a braille blank              | \u2800               |
      | punctuation only             | ...                  |

  @gateway-routes
  Scenario: Unknown routes, wrong methods and oversized bodies get their own problems
    When a client sends GET /nowhere
    Then the answer is a 404 problem "not-found"
    When a client sends DELETE /otp
    Then the answer is a 405 problem "method-not-allowed"
    And the answer's Allow header lists "POST"
    When a client sends DELETE /orgs/3f1c2d4e-0000-4000-8000-000000000000
    Then the answer is a 405 problem "method-not-allowed"
    And the answer's Allow header lists "GET, PUT"
    When a client sends POST /orgs with a body of 65537 bytes
    Then the answer is a 413 problem "payload-too-large"
    When a client sends POST /otp as "text/plain" with the body {"phone": "+6591234567"}
    Then the answer is a 415 problem "unsupported-media-type"
    And the event store is unchanged
    And nothing was published
