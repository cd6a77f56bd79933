@deploy
Feature: What the scenarios run against is what template.yaml deploys
  The SAM template deploys the Lambda and its resources to AWS. The harness creates the same
  resources on the emulator for the scenarios. These scenarios keep the two from drifting
  apart, and lint the template as AWS would read it.

  @template-lint
  Scenario: The template passes cfn-lint, SAM transform included
    When cfn-lint checks template.yaml
    Then it reports nothing

  @template-drift
  Scenario: The harness creates the resources that the template declares
    Then the event store table has the template's key schema
    And the view table has the template's key schema
    And the topic is FIFO without content-based deduplication, as in the template
    And each consumer's queue has the template's FIFO, visibility and redrive settings
    And each queue's dead-letter queue is FIFO and keeps messages as long as in the template
    And each queue is subscribed with raw message delivery, as in the template
    And the event source mappings use the template's batch size and report batch item failures
    And the token key is an asymmetric signing key of the template's key spec
    And the events table has a NEW_IMAGE stream, and the relay's mapping reads it as the harness does
    And the handler reads exactly the environment variables the template sets
    And the template's handler and runtime are the Lambda's entry point and Java release

  @deploy-localstack
  Scenario: The template deploys to LocalStack and its API answers a command
    Given the scenarios run on LocalStack, which needs a Docker engine
    When template.yaml is deployed to LocalStack with the packaged zip
    Then the stack is created
    And registering an org through the deployed API answers 201 with version 1

  @template-retention
  Scenario: The event store outlives the stack, and nothing is lost without an alarm
    The events table is the only source of truth: the views can be rebuilt from it, the
    events cannot be rebuilt from anything. So deleting the stack, or a change that makes
    CloudFormation replace the table, leaves it in place, and deletion protection refuses a
    plain delete-table too. A message that a consumer cannot handle is retried, then parked
    in a dead-letter queue, and someone is told.
    Then the events table is kept when the stack is deleted or the table replaced
    And the events table has deletion protection and point-in-time recovery
    And each queue lets a message be received at least 5 times before parking it, as in the harness
    And an alarm fires when a dead-letter queue holds a message, for each of them
    And an alarm fires when a dead-letter queue's oldest message has waited a day, for each of them
    And an alarm fires when the relay falls behind, parks an event, or keeps failing
    And an alarm fires when the function logs a line at level ALERT
    And every alarm notifies the alarm topic

  @template-sms-guards
  Scenario: The template bounds what the API can spend on SMS and keeps the OTP keys out of sight
    Then the API stage is throttled, and the routes that send SMS more tightly
    And the countries SMS may go to default to "SG,MY", as in the harness
    And the function names the parameter of its OTP keys, may read only that parameter, and no key is in the template
