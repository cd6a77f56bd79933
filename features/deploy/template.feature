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
    And the views table has deletion protection and point-in-time recovery
    And under the outbox the function's role cannot delete an event
    And an alarm fires when a dead-letter queue holds a message, for each of them
    And an alarm fires when a dead-letter queue's oldest message has waited a day, for each of them
    And an alarm fires when the relay falls behind, parks an event, or keeps failing
    And an alarm fires when the function logs a line at level ALERT
    And an alarm with an action fires on each of these
      | what                                    | namespace           | metric                           |
      | events the relay parked                 | AWS/SQS             | ApproximateNumberOfMessagesVisible |
      | the function's errors                   | AWS/Lambda          | Errors                           |
      | the function's throttles                | AWS/Lambda          | Throttles                        |
      | the API's 5xx answers                   | AWS/ApiGateway      | 5XXError                         |
      | the function's 429 answers              | ${Stage}/cqrs-workbook | Answers429                    |
      | WAF's 429 answers                       | AWS/WAFV2           | BlockedRequests                  |
      | the month's SMS spend                   | AWS/SNS             | SMSMonthToDateSpentUSD           |

  @template-sms-guards
  Scenario: The template bounds what the API can spend on SMS and keeps the OTP keys out of sight
    Then the API stage is throttled, and the routes that send SMS more tightly
    And a web ACL with a rate-based rule per client IP guards the API stage, and answers 429
    And the function's concurrency is reserved by default
    And the countries SMS may go to default to "SG,MY", as in the harness
    And the function names the parameter of its OTP keys, may read only that parameter, and no key is in the template

  @template-throughput
  Scenario: The template exposes the documented ways past the throughput quotas, each off by default
    Each quota that can bind first has a way past it that AWS documents. The template makes each
    a parameter whose default is AWS's own default, so that a deployment opts in knowingly.
    Then the topic's FIFO throughput scope is a parameter, "Topic" by default
    And the queues' high-throughput mode is one parameter, off by default, that sets deduplication and the throughput limit per message group together
    And each queue's event source mapping takes a maximum concurrency, none by default
    And the relay reads the events table's stream with a parallelization factor of 1

  @template-signing-key
  Scenario: Only the function may sign tokens, and nobody can grant themselves the right
    With kms:CreateGrant or kms:PutKeyPolicy, whoever administers the key could give itself
    kms:Sign and forge a token for any phone. The key policy gives neither to anyone, and its
    explicit denies outweigh any IAM policy. moto does not enforce key policies, so this is
    read from the template; cfn-lint and a deployment check it against AWS.
    Then only the function's role may sign with the token key, and no principal can give itself that right
