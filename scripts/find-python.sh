#!/usr/bin/env bash
# Prints the path of a Python 3.12+ interpreter, or explains what is missing and exits 1.
# Prefers 3.12, the version the project is tested on. Looks at PYTHON, then python3.12..python3.14 and python3 on PATH (skipping pyenv shims whose
# version is not active), then every version pyenv has installed.
set -u

ok() { "$1" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 12) else 1)' >/dev/null 2>&1; }

if [ -n "${PYTHON:-}" ]; then
  if ok "$PYTHON"; then command -v "$PYTHON"; exit 0; fi
  echo "PYTHON=$PYTHON is not a Python 3.12 or newer interpreter." >&2
  exit 1
fi
for name in python3.12 python3.13 python3.14 python3; do
  if command -v "$name" >/dev/null 2>&1 && ok "$name"; then
    "$name" -c 'import sys; print(sys.executable)'
    exit 0
  fi
done
roots=()
if command -v pyenv >/dev/null 2>&1; then roots+=("$(pyenv root)"); fi
roots+=("${PYENV_ROOT:-$HOME/.pyenv}")
for root in "${roots[@]}"; do
  for candidate in $(ls -d "$root"/versions/3.1[2-9]* "$root"/versions/3.[2-9][0-9]* 2>/dev/null | sort -V); do
    if [ -x "$candidate/bin/python3" ] && ok "$candidate/bin/python3"; then
      echo "$candidate/bin/python3"
      exit 0
    fi
  done
done
cat >&2 <<MSG
Python 3.12 or newer is required (Django 6 needs it) and none was found.
Install it (for example 'pyenv install 3.12' or your system's python3.12 package),
or point to one with: make PYTHON=/path/to/python3.12 ...
MSG
exit 1
