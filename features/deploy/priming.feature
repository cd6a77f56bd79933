@deploy
Feature: SnapStart priming warms the function and changes nothing
  Before Lambda takes the snapshot of a SnapStart function, the handler primes itself: it
  sends representative requests through its own gateway and makes the two calls that no
  harmless request reaches, so that the snapshot holds loaded classes, built SDK
  marshallers and compiled code. Every copy restored from that snapshot starts from it, so
  priming must write nothing, publish nothing, text no one, and keep nothing unique. Here a
  fresh handler primes itself against the emulator while an ExecutionInterceptor at the SDK
  boundary records each AWS call and its outcome.

  @priming
  Scenario: Priming only reads, or is refused, and leaves no trace
    Given the event store, the views and the texts sent so far are noted
    When a fresh handler primes itself, as it does before the snapshot
    Then each priming request had the answer
      | request                                  | answer                                                          |
      | GET /.well-known/jwks.json               | 200                                                             |
      | GET /orgs/{sentinel}                     | 404 org-not-found: no org view for {sentinel}: never registered, or not projected yet |
      | PUT /orgs/{sentinel}, unverifiable token | 401 invalid-token: the token's signature does not verify        |
      | POST /orgs, unverifiable token           | 401 invalid-token: the token's signature does not verify        |
      | POST /otp, a number no one can text        | 400 invalid-request: 1 field is invalid                       |
      | POST /otp/verify, a number no one can text | 400 invalid-request: 1 field is invalid                       |
      | SQS, empty batch                         | 0 failed messages                                               |
    And its AWS calls, from its init on, were these and no other
      | call                   | outcome                                  |
      | Kms.GetPublicKey       | answered                                 |
      | DynamoDb.GetItem       | answered                                 |
      | DynamoDb.Query         | answered                                 |
      | DynamoDb.PutItem       | refused: ConditionalCheckFailedException |
      | Sns.GetTopicAttributes | answered                                 |
      | Ssm.GetParameter       | answered                                 |
    And the event store is unchanged
    And nothing was published
    And the views are unchanged, and no text was sent
    And the number priming uses is one the API refuses to text
