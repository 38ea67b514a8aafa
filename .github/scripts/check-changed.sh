#!/usr/bin/env bash
# Check the reports and feedback files a pull request changes, as GitHub annotations.
# Usage: check-changed.sh BASE_REF [NEWSLETTER]. File names are passed NUL-separated and unquoted by
# git (core.quotepath=false), so names with spaces, quotes or newlines reach the check intact.
set -euo pipefail
base="$1"
newsletter="${2:-.venv/bin/newsletter}"
rules="$(mktemp)"
changed="$(mktemp)"
trap 'rm -f "$rules" "$changed"' EXIT
# Committed paths that .gitignore ignores (the base branch's rules: a pull request may change its own)
# are made by tools, never written by hand: Sphinx loads pickles from _build/, make runs .venv/bin/python.
git show "origin/${base}:.gitignore" > "$rules" 2>/dev/null || true
printf '%s\n' '_build/' '.cache/' '.venv/' '__pycache__/' >> "$rules"
tracked="$(git ls-files -c -i --exclude-from="$rules")"
if [ -n "$tracked" ]; then
  printf '::error title=ignored files in the pull request::%s\n' "$(printf '%s' "$tracked" | head -5 | tr '\n' ' ')" >&2
  echo "Remove these from the pull request: .gitignore ignores them (build output, caches, virtual environments)." >&2
  exit 1
fi
# A new executable file (or a file made executable) outside the project's own scripts.
executables=""
while IFS= read -r -d '' meta; do
  IFS= read -r -d '' path
  case "$meta" in *" R"[0-9]*|*" C"[0-9]*) IFS= read -r -d '' path ;; esac  # renames and copies: old, then new
  mode="$(printf '%s' "$meta" | cut -d' ' -f2)"
  if [ "$mode" = "100755" ]; then
    case "$path" in
      .ci/run|.github/scripts/*.sh) ;;
      *) executables="$executables $path" ;;
    esac
  fi
done < <(git -c core.quotepath=false diff -z --raw --no-abbrev --diff-filter=ACMRT "origin/${base}...HEAD")
if [ -n "$executables" ]; then
  printf '::error title=executable files in the pull request::%s\n' "$executables" >&2
  echo "Reports, feedback and pages are not programs: clear the executable bit (git update-index --chmod=-x FILE)." >&2
  exit 1
fi
git -c core.quotepath=false diff -z --name-only --diff-filter=ACMR "origin/${base}...HEAD" -- reports feedback > "$changed"
if [ -s "$changed" ]; then
  xargs -0 "$newsletter" check --format github --strict -- < "$changed"
else
  echo "No report or feedback changed."
fi
