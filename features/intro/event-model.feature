@intro
Feature: The event model: the life of one org, from a phone signing in to its profile updated
  One story across both aggregates, run under the outbox as make run runs. The harness records
  each invocation of the handler, which role it ran and what it wrote, and the guide draws the
  system's event model from that record: commands, the events they stored, the views they fed.

  @event-model @outbox
  Scenario: A phone signs in, registers an org, has its contact verified and updates its profile
    When "+6590000100" signs in with a code of its own
    And the client polls the view of the latest code of "+6590000100" until it shows version 2
    And a client registers an org as "Acme Pte Ltd" with the contact phone "+6591230001"
    Then "+6591230001" receives a contact code that names "Acme Pte Ltd"
    When the org's owner verifies the contact with the code from the SMS of "+6591230001"
    Then the client polls the org's view until it shows a verified contact
    When the org's owner replaces its profile, if it is at version 2, by
      """json
      {"name": "Acme Holdings", "location": {"city": "Singapore", "country": "SG"},
       "website": "https://acme.example", "contactPhone": "+6591230001"}
      """
    Then the answer is 200 with version 3
    And the client polls the org's view until it shows version 3
    And the org's stream holds
      | version | type               |
      | 1       | OrgRegistered      |
      | 2       | OrgContactVerified |
      | 3       | OrgProfileUpdated  |
    And the org's contact codes of "+6591230001" hold
      | version | type        |
      | 1       | OtpIssued   |
      | 2       | OtpVerified |
    And the timeline holds these commands, in this order, with the events they stored
      | command                                | stored             |
      | POST /otp                              | OtpIssued          |
      | POST /otp/verify                       | OtpVerified        |
      | POST /orgs                             | OrgRegistered      |
      | event handler, on OrgRegistered        | OtpIssued          |
      | POST /orgs/{id}/contact/verify         | OtpVerified        |
      | event handler, on OtpVerified          | OrgContactVerified |
      | PUT /orgs/{id}                         | OrgProfileUpdated  |
    And the relay published every stored event, and the projection wrote a view for each
    And no command read a view, and only the projection wrote one
