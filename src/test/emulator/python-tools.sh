#!/usr/bin/env bash
# Makes the project-local virtualenv of the Python tools the tests use: moto's standalone
# server (the AWS emulator where no Docker engine answers), cfn-lint (the template's linter)
# and schemathesis (the API fuzzer). Idempotent: a venv that has the pinned versions already
# is left as it is; one that lacks a tool gets the pinned versions installed into it.
set -euo pipefail
usage="usage: python-tools.sh VENV_DIR MOTO_VERSION CFN_LINT_VERSION SCHEMATHESIS_VERSION"
venv=${1:?$usage}
moto=${2:?$usage}
cfnlint=${3:?$usage}
schemathesis=${4:?$usage}
stamp="$venv/.tools-moto-$moto-cfn-lint-$cfnlint-schemathesis-$schemathesis"

if [ -f "$stamp" ] && [ -x "$venv/bin/moto_server" ] && [ -x "$venv/bin/cfn-lint" ] && [ -x "$venv/bin/schemathesis" ]; then
  exit 0
fi
python=$(command -v python3 || true)
if [ -z "$python" ]; then
  echo "python-tools: python3 not found; the tests need Python 3.10+ (moto, cfn-lint, schemathesis)" >&2
  exit 1
fi
if [ ! -x "$venv/bin/python" ]; then
  "$python" -m venv "$venv"
fi
echo "python-tools: installing moto[server]==$moto, cfn-lint==$cfnlint and schemathesis==$schemathesis into $venv"
"$venv/bin/python" -m pip install --quiet --disable-pip-version-check \
  "moto[server]==$moto" "cfn-lint==$cfnlint" "schemathesis==$schemathesis"
rm -f "$venv"/.tools-*
touch "$stamp"
