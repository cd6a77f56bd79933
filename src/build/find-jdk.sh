#!/usr/bin/env bash
# Prints the home of a JDK 21 or newer: JAVA_HOME if it is one, else the newest JDK found in
# the usual places. The Lambda runs on java21; the code is compiled with --release 21.
set -euo pipefail

major() { # the feature version of the JDK at $1, or 0
  local v
  v=$("$1/bin/java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p')
  echo "${v:-0}"
}

if [ -n "${JAVA_HOME:-}" ] && [ -x "$JAVA_HOME/bin/javac" ] && [ "$(major "$JAVA_HOME")" -ge 21 ]; then
  echo "$JAVA_HOME"; exit 0
fi
best=""; best_major=0
for home in /usr/lib/jvm/* /opt/java/* /opt/jdk* /usr/local/lib/jvm/* "$HOME"/.sdkman/candidates/java/* "$HOME"/.jdks/*; do
  [ -x "$home/bin/javac" ] || continue
  m=$(major "$home")
  if [ "$m" -ge 21 ] && [ "$m" -gt "$best_major" ]; then best=$home; best_major=$m; fi
done
if [ -z "$best" ] && command -v javac >/dev/null; then
  home=$(dirname "$(dirname "$(readlink -f "$(command -v javac)")")")
  [ "$(major "$home")" -ge 21 ] && best=$home
fi
if [ -z "$best" ]; then
  echo "find-jdk: no JDK 21 or newer found; install one (e.g. Temurin 21) or set JAVA_HOME" >&2
  exit 1
fi
echo "$best"
