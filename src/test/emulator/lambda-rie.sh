#!/usr/bin/env bash
# Builds the AWS Lambda Runtime Interface Emulator from its Go module, pinned, into BIN_DIR.
# Without Go there is nothing to build: the scenario that boots the packaged zip under the
# emulator then reports itself skipped and says why.
set -euo pipefail
bin=${1:?usage: lambda-rie.sh BIN_DIR VERSION}
version=${2:?usage: lambda-rie.sh BIN_DIR VERSION}
stamp="$bin/.aws-lambda-rie-$version"

if [ -f "$stamp" ] && [ -x "$bin/aws-lambda-rie" ]; then
  exit 0
fi
if ! command -v go >/dev/null; then
  echo "lambda-rie: go not found; the runtime-emulator scenario will be skipped"
  exit 0
fi
echo "lambda-rie: building aws-lambda-rie@$version into $bin"
mkdir -p "$bin"
CGO_ENABLED=0 GOBIN="$(cd "$bin" && pwd)" go install "github.com/aws/aws-lambda-runtime-interface-emulator/cmd/aws-lambda-rie@$version"
touch "$stamp"
