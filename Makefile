# The workbook's commands. Each finds a JDK 21+ by itself and runs Maven through the wrapper.
SHELL := /bin/bash
JAVA_HOME := $(shell src/build/find-jdk.sh)
export JAVA_HOME
MVN := ./mvnw -B -ntp
ZIP := target/cqrs-workbook-lambda.zip
PROVIDED := target/cqrs-workbook-provided.zip
# The template's Runtime parameter: java21 (the default), java25, or provided.al2023.
RUNTIME ?= java21
STACK ?= cqrs-workbook
STAGE ?= workbook

.PHONY: help guide test unit run bench bench-cost load cost package aot-cache deploy destroy clean republish rebuild-views redrive

help:
	@echo "make guide    render the guide from a fresh run of the scenarios (target/guide/)"
	@echo "make test     unit tests, every scenario, the guide and its checks"
	@echo "make unit     the unit tests only"
	@echo "make run      the whole system on http://127.0.0.1:\$${PORT:-8080} (EVENT_PUBLISHING=outbox|compensation)"
	@echo "make bench    cold starts against Node.js, the levers, command cost, replay, projection lag (target/bench/)"
	@echo "make load     commands at rising rates over many streams, then one hot stream, against make run (BASE=, RATES=, MIX=)"
	@echo "make bench-cost  the cost of every command and role alone, priced (docs/bench/cost-figures.adoc)"
	@echo "make cost     USD per million commands of a mix, from the last bench's counts (MIX=signIn=1,update=3,...)"
	@echo "make package  the Lambda packages: $(ZIP) (java21, java25) and $(PROVIDED) (provided.al2023)"
	@echo "make aot-cache  train $(PROVIDED)'s AOT cache under the emulator and repackage it"
	@echo "make deploy   package, then deploy template.yaml to AWS (STACK=$(STACK), STAGE=$(STAGE), RUNTIME=$(RUNTIME))"
	@echo "make destroy  delete the stack"
	@echo "make republish STREAM=<stream> [FROM=<version>]   publish a stream's stored events again (make run's system, or STACK=<name>)"
	@echo "make rebuild-views [STREAM=<stream>]              fold the views and the org histories again from the event store"
	@echo "make redrive                                      move dead-lettered messages back to their queues"

## The guide from a fresh run of every scenario: HTML and PDF under target/guide/.
guide:
	$(MVN) clean verify -Dtest=NONE -Dsurefire.failIfNoSpecifiedTests=false
	@echo "Guide: $(CURDIR)/target/guide/index.html and $(CURDIR)/target/guide/cqrs-workbook.pdf"

## Unit tests, every scenario (moto, LocalStack or AWS_ENDPOINT_URL), the guide and its checks.
test:
	$(MVN) clean verify

unit:
	$(MVN) test

## The whole system on this machine: emulator, resources, HTTP on 127.0.0.1:$${PORT:-8080}, consumers.
run:
	$(MVN) -q test-compile exec:exec@python-tools
	$(MVN) -q exec:java -Dexec.classpathScope=test -Dexec.mainClass=cqrs.workbook.local.LocalRunner -Dexec.cleanupDaemonThreads=false

## Operator tools (cqrs.workbook.operate): against make run's system (target/run/env), or against
## AWS with your credentials when STACK= names a deployed stack. See the guide's "Operating it".
OPERATE = $(MVN) -q compile exec:java -Dexec.classpathScope=compile -Dexec.mainClass=cqrs.workbook.operate.Operate -Dexec.cleanupDaemonThreads=false
republish:
	STREAM='$(STREAM)' FROM='$(FROM)' STACK='$(if $(filter command line environment,$(origin STACK)),$(STACK))' $(OPERATE) -Dexec.args=republish
rebuild-views:
	STREAM='$(STREAM)' STACK='$(if $(filter command line environment,$(origin STACK)),$(STACK))' $(OPERATE) -Dexec.args=rebuild-views
redrive:
	STACK='$(if $(filter command line environment,$(origin STACK)),$(STACK))' $(OPERATE) -Dexec.args=redrive

## Measurements, not tests: cold starts of each package against the Node.js peer under one CPU
## limit, a restore from a CRIU checkpoint, the cost of a command, projection lag under the outbox,
## reading streams back. target/bench/results.json, charts, docs/bench/. Trains the AOT cache first.
## BENCH_FLAGS="-Dbench.only=cold -Dbench.coldRuns=2" for a quick look (docs/bench is then left alone).
bench: aot-cache
	$(MVN) -q dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/bench/classpath.txt
	cd bench && npm ci --no-audit --no-fund --loglevel=error && npm run --silent build -- --log-level=warning
	$(MVN) -q exec:java -Dexec.classpathScope=test -Dexec.mainClass=cqrs.workbook.bench.Bench -Dexec.cleanupDaemonThreads=false $(BENCH_FLAGS)

## The provided.al2023 package's AOT cache: its own bootstrap under aws-lambda-rie, real requests
## against the emulator (moto, in Python; aws-lambda-rie, built with Go), then SIGTERM: the JVM
## writes the cache at exit. Then the package again, with the cache in it.
aot-cache: package
	$(MVN) -q exec:exec@lambda-rie exec:exec@python-tools
	$(MVN) -q exec:java -Dexec.classpathScope=test -Dexec.mainClass=cqrs.workbook.bench.Bench -Dexec.cleanupDaemonThreads=false -Dbench.only=aot-cache
	@bash src/build/provided-package.sh

## Load against make run (or BASE=https://... with ALLOW_REMOTE=1 and TOKEN=): many streams at RATES
## (commands/s, STEP_SECONDS each) with a MIX of commands, then WRITERS on one hot stream. Bounded by
## MAX_COMMANDS. target/load/load.json and load.svg; make bench puts them in the guide.
load:
	$(MVN) -q test-compile
	$(MVN) -q exec:java -Dexec.classpathScope=test -Dexec.mainClass=cqrs.workbook.load.LoadGenerator -Dexec.cleanupDaemonThreads=false

## The cost section of make bench alone: every command and role counted and priced, figures for the guide.
## FIGURES_ONLY=1 prices the last counts anew (prices.json, quotas.json, the last make load) without measuring.
bench-cost:
	$(MVN) -q test-compile exec:exec@python-tools
	$(MVN) -q exec:java -Dexec.classpathScope=test -Dexec.mainClass=cqrs.workbook.bench.CostBench -Dexec.cleanupDaemonThreads=false \
	  $(if $(FIGURES_ONLY),-Dcost.figuresOnly=true) $(if $(MIX),-Dcost.mix=$(MIX)) $(BENCH_FLAGS)

## What a million commands of MIX cost at the list prices of src/test/resources/cqrs/workbook/bench/prices.json.
cost:
	$(MVN) -q test-compile
	$(MVN) -q exec:java -Dexec.classpathScope=test -Dexec.mainClass=cqrs.workbook.bench.Prices -Dexec.cleanupDaemonThreads=false -Dexec.args="$(MIX)"

## The deployment packages. For java21/java25: classes at the root, jars in lib/, as Lambda unpacks
## it fastest. For provided.al2023: a jlinked JVM, every jar on the class path, a bootstrap, and the
## AOT cache if make aot-cache trained one for these jars (src/build/provided-package.sh, run by
## Maven's package phase). JDK only.
package:
	$(MVN) -q package -DskipTests
	@echo "$(ZIP): $$(du -h $(ZIP) | cut -f1) ($$(stat -c %s $(ZIP)) bytes), $$(unzip -l $(ZIP) | grep -c 'lib/.*\.jar') jars in lib/"
	@echo "$(PROVIDED): $$(du -h $(PROVIDED) 2>/dev/null | cut -f1) ($$(stat -c %s $(PROVIDED) 2>/dev/null) bytes)$$(test -f target/provided/task/app.aot && echo ', with its AOT cache' || echo ', no AOT cache yet: make aot-cache')"

## Deploys with the SAM CLI (sam deploy), or with the AWS CLI given S3_BUCKET; your credentials.
## The OTP keys are not a parameter of the stack: they live in an SSM SecureString that you put once.
OTP_KEYS_PARAMETER ?= /$(STAGE)/otp-keys
SMS_COUNTRIES ?= SG,MY
DEPLOY_PARAMETERS = Stage=$(STAGE) OtpKeysParameter=$(OTP_KEYS_PARAMETER) SmsCountries=$(SMS_COUNTRIES) EventPublishing=$${EVENT_PUBLISHING:-outbox} Runtime=$(RUNTIME) $(EXTRA_PARAMETERS)
# The package of the chosen runtime goes where the template's CodeUri points; provided.al2023's needs its trained cache.
DEPLOY_PACKAGE = $(if $(filter provided.al2023,$(RUNTIME)),$(PROVIDED),$(ZIP))
deploy: $(if $(filter provided.al2023,$(RUNTIME)),aot-cache,package)
	@mkdir -p target/deploy && cp $(DEPLOY_PACKAGE) target/deploy/function.zip && echo "Runtime $(RUNTIME): $(DEPLOY_PACKAGE)"
	@aws ssm describe-parameters --parameter-filters "Key=Name,Values=$(OTP_KEYS_PARAMETER)" --query 'Parameters[0].Type' --output text 2>/dev/null | grep -qx SecureString || { \
	  echo "The OTP keys go in the SecureString parameter $(OTP_KEYS_PARAMETER), which does not exist yet. Put it once:"; \
	  echo "  aws ssm put-parameter --name $(OTP_KEYS_PARAMETER) --type SecureString \\"; \
	  echo "    --value \"{\\\"current\\\": \\\"1\\\", \\\"keys\\\": {\\\"1\\\": \\\"\$$(openssl rand -hex 32)\\\"}}\""; \
	  echo "To rotate: add a key under a new id, deploy; then make it current, deploy; keep the old one while codes hashed with it may be pending (5 minutes)."; \
	  exit 1; }
	@if command -v sam >/dev/null; then \
	  sam deploy --template-file template.yaml --stack-name $(STACK) --resolve-s3 --capabilities CAPABILITY_IAM \
	    --parameter-overrides $(DEPLOY_PARAMETERS) --no-fail-on-empty-changeset; \
	else \
	  test -n "$$S3_BUCKET" || { echo "without the SAM CLI, set S3_BUCKET to a bucket for the package"; exit 1; }; \
	  aws cloudformation package --template-file template.yaml --s3-bucket $$S3_BUCKET --output-template-file target/packaged.yaml && \
	  aws cloudformation deploy --template-file target/packaged.yaml --stack-name $(STACK) --capabilities CAPABILITY_IAM CAPABILITY_AUTO_EXPAND \
	    --parameter-overrides $(DEPLOY_PARAMETERS) --no-fail-on-empty-changeset; \
	fi
	@aws cloudformation describe-stacks --stack-name $(STACK) --query "Stacks[0].Outputs[?OutputKey=='ApiUrl'].OutputValue" --output text
	@echo "Set an SMS spending limit in your account if you have not: see the guide's deploy section (SNS, text messaging, MonthlySpendLimit)."

## Deletes the stack. The events and views tables are kept (DeletionPolicy Retain, deletion protection on), and so is the keys parameter.
destroy:
	aws cloudformation delete-stack --stack-name $(STACK)
	aws cloudformation wait stack-delete-complete --stack-name $(STACK)
	@echo "Kept on purpose: the event store $(STAGE)-events (the only source of truth), the views table $(STAGE)-views (its text budgets) and the parameter $(OTP_KEYS_PARAMETER)."
	@echo "To drop them for good:"
	@echo "  aws dynamodb update-table --table-name $(STAGE)-events --no-deletion-protection-enabled"
	@echo "  aws dynamodb delete-table --table-name $(STAGE)-events"
	@echo "  aws dynamodb update-table --table-name $(STAGE)-views --no-deletion-protection-enabled"
	@echo "  aws dynamodb delete-table --table-name $(STAGE)-views"
	@echo "  aws ssm delete-parameter --name $(OTP_KEYS_PARAMETER)"

clean:
	$(MVN) clean
