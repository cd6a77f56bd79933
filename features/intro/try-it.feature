@intro
Feature: Try it: the guide's session against the local server
  The guide's "Try it" is a shell script, docs/try-it/session.sh, that a reader runs against
  make run. This scenario runs that very file against the same HTTP front that make run
  starts, in front of this run's handler and emulator, and the guide shows each command with
  what it printed here, so that no output in the guide was typed by hand.

  @try-it @outbox
  Scenario: The "Try it" session signs in, registers an org, verifies its contact and updates it
    Given the local server of make run, in front of this run's handler, on a free port
    When the session "docs/try-it/session.sh" runs against it
    Then every command of the session exited with 0
    And the session's HTTP answers were, part by part
      | part           | statuses        |
      | register       | 201             |
      | view           | 200 304         |
      | verify-contact | 200             |
      | update         | 200 412         |
      | bad-request    | 400             |
      | further        | 201 201 201 429 |
    And the session registered one org
    And the org's stream holds
      | version | type               |
      | 1       | OrgRegistered      |
      | 2       | OrgContactVerified |
      | 3       | OrgProfileUpdated  |
    And the org's contact codes of "+6591234567" hold
      | version | type        |
      | 1       | OtpIssued   |
      | 2       | OtpVerified |
