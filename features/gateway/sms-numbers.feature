@gateway @sms
Feature: Only numbers that can receive an SMS, in the allowed countries, are ever texted
  Every SMS is paid for, and some numbers pay their owner: an attacker who can make the
  system text premium-rate numbers, or numbers abroad in bulk, turns the OTP route into
  his income (toll fraud, "SMS pumping"). So a phone number that would be texted is checked
  before any command exists: it must be valid in its country's numbering plan
  (libphonenumber's metadata), of a type that receives SMS (mobile, or fixed-line-or-mobile
  where the plan cannot tell), and of a country in SMS_COUNTRIES (SG and MY here). That holds
  for the phone of POST /otp and for an org's contactPhone, which the event handler texts.

  @sms-refused-numbers
  Scenario Outline: <case> is refused before anything is stored or sent
    When a client sends POST <path> with the body <body>
    Then the answer is a 400 problem "invalid-request" naming the fields "<field>"
    And the problem says of "<field>" that it "<reason>"
    And the event store is unchanged
    And nothing was published
    And "<phone>" received 0 SMS

    Examples:
      | case                                    | path  | body                                                                                         | field        | phone         | reason                            |
      | a number in no Singapore range          | /otp  | {"phone": "+6599123456"}                                                                     | phone        | +6599123456   | is not a valid phone number       |
      | a number whose country code is 0        | /otp  | {"phone": "+0123456789"}                                                                     | phone        | +0123456789   | must be an E.164 phone number     |
      | a premium-rate number                   | /otp  | {"phone": "+449090901234"}                                                                   | phone        | +449090901234 | is a premium-rate number          |
      | a toll-free number                      | /otp  | {"phone": "+18005550123"}                                                                    | phone        | +18005550123  | is a toll-free number             |
      | a Singapore landline                    | /otp  | {"phone": "+6561234567"}                                                                     | phone        | +6561234567   | is a fixed-line number            |
      | a mobile of a country not allowed       | /otp  | {"phone": "+61412345678"}                                                                    | phone        | +61412345678  | SMS are sent only to MY, SG       |
      | an org's premium-rate contact phone     | /orgs | {"name": "Acme", "location": {"city": "Singapore", "country": "SG"}, "contactPhone": "+449090901234"} | contactPhone | +449090901234 | is a premium-rate number |
      | an org's contact phone abroad           | /orgs | {"name": "Acme", "location": {"city": "Singapore", "country": "SG"}, "contactPhone": "+61412345678"}  | contactPhone | +61412345678  | SMS are sent only to MY, SG |

  @sms-allowed-countries
  Scenario: A mobile of an allowed country other than Singapore is texted
    When a code is requested for "+60123456789"
    Then the answer is 201 with version 1
    And "+60123456789" received 1 SMS with a 6-digit code
