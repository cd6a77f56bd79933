# The workbook's commands. Each finds a JDK 21+ by itself and runs Maven through the wrapper.
SHELL := /bin/bash
JAVA_HOME := $(shell src/build/find-jdk.sh)
export JAVA_HOME
MVN := ./mvnw -B -ntp

.PHONY: guide test unit run clean help

help:
	@echo "make guide   render the guide from a fresh run of the scenarios"
	@echo "make test    run the unit tests and every scenario against an AWS emulator"
	@echo "make unit    run the unit tests only"
	@echo "make run     run the whole system on http://127.0.0.1:$${PORT:-8080}"
	@echo "make clean   remove build output (the emulator's virtualenv in .moto/ stays)"

## The guide: a fresh run of every scenario, then the report.
guide:
	$(MVN) verify
	@echo "Scenario report: $(CURDIR)/target/cucumber/report.html"

## Unit tests, then every scenario, against moto, LocalStack or AWS_ENDPOINT_URL.
test:
	$(MVN) verify

unit:
	$(MVN) test

## The whole system on this machine: emulator, resources, HTTP on 127.0.0.1:$${PORT:-8080}, consumers.
run:
	$(MVN) -q test-compile exec:exec@moto-venv
	$(MVN) -q exec:java -Dexec.classpathScope=test -Dexec.mainClass=cqrs.workbook.local.LocalRunner -Dexec.cleanupDaemonThreads=false

clean:
	$(MVN) clean
