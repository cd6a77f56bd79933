# The workbook's commands. Each finds a JDK 21+ by itself and runs Maven through the wrapper.
SHELL := /bin/bash
JAVA_HOME := $(shell src/build/find-jdk.sh)
export JAVA_HOME
MVN := ./mvnw -B -ntp
ZIP := target/cqrs-workbook-lambda.zip
STACK ?= cqrs-workbook
STAGE ?= workbook

.PHONY: help guide test unit run bench package deploy destroy clean

help:
	@echo "make guide    render the guide from a fresh run of the scenarios (target/guide/)"
	@echo "make test     unit tests, every scenario, the guide and its checks"
	@echo "make unit     the unit tests only"
	@echo "make run      the whole system on http://127.0.0.1:\$${PORT:-8080} (EVENT_PUBLISHING=outbox|compensation)"
	@echo "make bench    replay, read-back, command and projection-lag measurements (target/bench/)"
	@echo "make package  the Lambda zip ($(ZIP))"
	@echo "make deploy   package, then deploy template.yaml to AWS (STACK=$(STACK), STAGE=$(STAGE))"
	@echo "make destroy  delete the stack"

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

## Measurements, not tests: replay in memory, reading streams back, commands and projection lag.
bench:
	$(MVN) -q test-compile exec:exec@python-tools
	$(MVN) -q exec:java -Dexec.classpathScope=test -Dexec.mainClass=cqrs.workbook.bench.Bench -Dexec.cleanupDaemonThreads=false

## The deployment package, as Lambda unpacks it fastest: classes at the root, jars in lib/.
package:
	$(MVN) -q package -DskipTests
	@echo "$(ZIP): $$(du -h $(ZIP) | cut -f1) ($$(stat -c %s $(ZIP)) bytes), $$(unzip -l $(ZIP) | grep -c 'lib/.*\.jar') jars in lib/"

## Deploys with the SAM CLI (sam deploy), or with the AWS CLI given S3_BUCKET; your credentials.
deploy: package
	@test -n "$$OTP_HMAC_KEY" || { echo "set OTP_HMAC_KEY to a secret of 32+ characters, e.g. export OTP_HMAC_KEY=\$$(openssl rand -hex 32)"; exit 1; }
	@if command -v sam >/dev/null; then \
	  sam deploy --template-file template.yaml --stack-name $(STACK) --resolve-s3 --capabilities CAPABILITY_IAM \
	    --parameter-overrides Stage=$(STAGE) OtpHmacKey=$$OTP_HMAC_KEY EventPublishing=$${EVENT_PUBLISHING:-outbox} --no-fail-on-empty-changeset; \
	else \
	  test -n "$$S3_BUCKET" || { echo "without the SAM CLI, set S3_BUCKET to a bucket for the package"; exit 1; }; \
	  aws cloudformation package --template-file template.yaml --s3-bucket $$S3_BUCKET --output-template-file target/packaged.yaml && \
	  aws cloudformation deploy --template-file target/packaged.yaml --stack-name $(STACK) --capabilities CAPABILITY_IAM CAPABILITY_AUTO_EXPAND \
	    --parameter-overrides Stage=$(STAGE) OtpHmacKey=$$OTP_HMAC_KEY EventPublishing=$${EVENT_PUBLISHING:-outbox} --no-fail-on-empty-changeset; \
	fi
	@aws cloudformation describe-stacks --stack-name $(STACK) --query "Stacks[0].Outputs[?OutputKey=='ApiUrl'].OutputValue" --output text

destroy:
	aws cloudformation delete-stack --stack-name $(STACK)
	aws cloudformation wait stack-delete-complete --stack-name $(STACK)

clean:
	$(MVN) clean
