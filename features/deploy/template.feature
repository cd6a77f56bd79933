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
    And the handler reads exactly the environment variables the template sets
    And the template's handler and runtime are the Lambda's entry point and Java release

  @deploy-localstack
  Scenario: The template deploys to LocalStack and its API answers a command
    Given the scenarios run on LocalStack, which needs a Docker engine
    When template.yaml is deployed to LocalStack with the packaged zip
    Then the stack is created
    And registering an org through the deployed API answers 201 with version 1
