#!/usr/bin/env bash
# Makes the project-local virtualenv of the Python tools the tests use: moto's standalone
# server (the AWS emulator where no Docker engine answers) and cfn-lint (the template's
# linter). Idempotent: a venv that has the pinned versions already is left as it is.
set -euo pipefail
venv=${1:?usage: python-tools.sh VENV_DIR MOTO_VERSION CFN_LINT_VERSION}
moto=${2:?usage: python-tools.sh VENV_DIR MOTO_VERSION CFN_LINT_VERSION}
cfnlint=${3:?usage: python-tools.sh VENV_DIR MOTO_VERSION CFN_LINT_VERSION}
stamp="$venv/.tools-moto-$moto-cfn-lint-$cfnlint"

if [ -f "$stamp" ] && [ -x "$venv/bin/moto_server" ] && [ -x "$venv/bin/cfn-lint" ]; then
  exit 0
fi
python=$(command -v python3 || true)
if [ -z "$python" ]; then
  echo "python-tools: python3 not found; the tests need Python 3.10+ (moto, cfn-lint)" >&2
  exit 1
fi
echo "python-tools: installing moto[server]==$moto and cfn-lint==$cfnlint into $venv"
rm -rf "$venv"
"$python" -m venv "$venv"
"$venv/bin/python" -m pip install --quiet --disable-pip-version-check "moto[server]==$moto" "cfn-lint==$cfnlint"
touch "$stamp"
