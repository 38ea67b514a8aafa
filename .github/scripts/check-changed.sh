#!/usr/bin/env bash
# Check the reports and feedback files a pull request changes, as GitHub annotations.
# Usage: check-changed.sh BASE_REF [NEWSLETTER]. File names are passed NUL-separated and unquoted by
# git (core.quotepath=false), so names with spaces, quotes or newlines reach the check intact.
set -euo pipefail
base="$1"
newsletter="${2:-.venv/bin/newsletter}"
tracked="$(git ls-files -- _build .cache)"
if [ -n "$tracked" ]; then  # Sphinx loads pickles from _build/ on the next build: never from a pull request
  printf '::error title=build output in the pull request::%s\n' "$(printf '%s' "$tracked" | head -5 | tr '\n' ' ')" >&2
  echo "Remove _build/ and .cache/ from the pull request: they are made by the build, not committed." >&2
  exit 1
fi
changed="$(mktemp)"
trap 'rm -f "$changed"' EXIT
git -c core.quotepath=false diff -z --name-only --diff-filter=ACMR "origin/${base}...HEAD" -- reports feedback > "$changed"
if [ -s "$changed" ]; then
  xargs -0 "$newsletter" check --format github --strict -- < "$changed"
else
  echo "No report or feedback changed."
fi
