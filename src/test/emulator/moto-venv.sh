#!/usr/bin/env bash
# Makes the project-local virtualenv that holds moto's standalone server, the AWS emulator
# the scenarios use where no Docker engine answers. Idempotent: a venv that already has the
# pinned version is left as it is.
set -euo pipefail
venv=${1:?usage: moto-venv.sh VENV_DIR MOTO_VERSION}
version=${2:?usage: moto-venv.sh VENV_DIR MOTO_VERSION}
stamp="$venv/.moto-$version"

if [ -f "$stamp" ] && [ -x "$venv/bin/moto_server" ]; then
  exit 0
fi
python=$(command -v python3 || true)
if [ -z "$python" ]; then
  echo "moto-venv: python3 not found; the scenarios need Python 3.10+ for moto, or Docker for LocalStack" >&2
  exit 1
fi
echo "moto-venv: installing moto[server]==$version into $venv"
rm -rf "$venv"
"$python" -m venv "$venv"
"$venv/bin/python" -m pip install --quiet --disable-pip-version-check "moto[server]==$version"
touch "$stamp"
