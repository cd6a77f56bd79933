@deploy
Feature: The packaged zip runs in Lambda's Java runtime
  make package builds the zip that make deploy uploads. Here that zip, not the test
  classpath, is unpacked as Lambda unpacks it and booted by the Java runtime interface
  client of Lambda's java21 runtime, behind the open-source Lambda Runtime Interface
  Emulator; its AWS calls go to the same emulator as every scenario's.

  @runtime-emulator
  Scenario: The zip boots under the runtime interface emulator and handles both kinds of event
    Given the packaged zip, unpacked as Lambda unpacks it
    Then it holds the handler's classes and its runtime jars, and nothing test-only
    When the runtime interface emulator starts the zip with the Java runtime interface client
    And it is invoked with an API Gateway event that registers an org
    Then the function answers 201 with version 1
    And the org's stream holds
      | version | type          |
      | 1       | OrgRegistered |
    When its view is gone and it is invoked with that event as an SQS message of the projection queue
    Then the function reports no failed message
    And the org's view shows version 1 with the name "Runtime Pte Ltd"

  @runtime-provided
  Scenario: The provided.al2023 package boots its own JVM and handles both kinds of event
    make package also builds the package for Lambda's OS-only runtime: a jlinked JVM with only
    the modules that jdeps finds in the function's jars, those jars on the class path, and a
    bootstrap that starts the same runtime interface client. Here it is unpacked and started
    as Lambda starts a provided.al2023 function, by running its bootstrap.
    Given the provided.al2023 package, unpacked as Lambda unpacks it
    Then it holds an executable bootstrap, a Java runtime of its own, and the handler's jars on the class path
    When the runtime interface emulator starts the package's bootstrap
    And it is invoked with an API Gateway event that registers an org
    Then the function answers 201 with version 1
    And the org's stream holds
      | version | type          |
      | 1       | OrgRegistered |
    When its view is gone and it is invoked with that event as an SQS message of the projection queue
    Then the function reports no failed message
    And the org's view shows version 1 with the name "Runtime Pte Ltd"
