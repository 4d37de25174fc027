#!/usr/bin/env bash
# What the tests need beyond Node and pnpm, from Debian: Chromium (the reports' real-browser tests), Firefox ESR
# (the reports must work there too), redis-server
# (the queue tests), PyTorch with single-threaded OpenBLAS (the bench's PyTorch contender) and Optuna (the search
# benchmark's contender, `pnpm bench search`). `pnpm test` and .ci/run both start with it. As root it installs
# whatever is missing; as anyone else it stops at once with the command to run. When everything is there it only
# looks (well under a second).
#
# DESCENT_CHROMIUM (default /usr/bin/chromium), DESCENT_FIREFOX (default /usr/bin/firefox-esr) and DESCENT_PYTHON
# (default /usr/bin/python3) point the tests at other binaries; when set, this script checks those and installs
# nothing for them.
set -uo pipefail

chromium="${DESCENT_CHROMIUM:-/usr/bin/chromium}"
firefox="${DESCENT_FIREFOX:-/usr/bin/firefox-esr}"
python="${DESCENT_PYTHON:-/usr/bin/python3}"
missing=() # Debian packages

[ -x "$chromium" ] || { [ -z "${DESCENT_CHROMIUM:-}" ] && missing+=(chromium) || missing+=("(DESCENT_CHROMIUM=$chromium: no such executable)"); }
[ -x "$firefox" ] || { [ -z "${DESCENT_FIREFOX:-}" ] && missing+=(firefox-esr) || missing+=("(DESCENT_FIREFOX=$firefox: no such executable)"); }
command -v redis-server >/dev/null 2>&1 || missing+=(redis-server)
# find_spec looks for torch without importing it (an import takes 1-2 s).
if ! "$python" -c 'import importlib.util, sys; sys.exit(importlib.util.find_spec("torch") is None)' >/dev/null 2>&1; then
  [ -z "${DESCENT_PYTHON:-}" ] && missing+=(python3-torch) || missing+=("(DESCENT_PYTHON=$python: no python that has torch)")
fi
if ! "$python" -c 'import importlib.util, sys; sys.exit(importlib.util.find_spec("optuna") is None)' >/dev/null 2>&1; then
  [ -z "${DESCENT_PYTHON:-}" ] && missing+=(python3-optuna) || missing+=("(DESCENT_PYTHON=$python: no python that has optuna)")
fi
# Debian's torch calls whatever provides libblas.so.3: without OpenBLAS that is the Netlib reference, several
# times slower at matmul; the serial build never starts threads.
if [ -z "${DESCENT_PYTHON:-}" ] && ! compgen -G '/usr/lib/*/openblas-serial/libblas.so.3' >/dev/null; then
  missing+=(libopenblas0-serial)
fi

[ ${#missing[@]} -eq 0 ] && exit 0

packages=()
for item in "${missing[@]}"; do [[ $item == \(* ]] || packages+=("$item"); done
if [ ${#packages[@]} -lt ${#missing[@]} ]; then
  printf 'setup-test-env: %s\n' "${missing[@]}" >&2
  echo 'setup-test-env: fix or unset the variable above, then run the tests again' >&2
  exit 1
fi
if [ "$(id -u)" -ne 0 ] || ! command -v apt-get >/dev/null 2>&1; then
  echo "setup-test-env: the tests need ${packages[*]} (Debian packages), which are not installed." >&2
  if command -v apt-get >/dev/null 2>&1; then
    echo "Run this once, then the tests again:  sudo bash scripts/setup-test-env.sh" >&2
  else
    echo "This is not a Debian-like system: install their equivalents, or set DESCENT_CHROMIUM / DESCENT_PYTHON." >&2
  fi
  exit 1
fi

# PyTorch is about 650 MB installed; the downloaded archives are removed again.
echo "setup-test-env: installing ${packages[*]}" >&2
apt() { DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 "$@"; }
apt update -qq && apt install -y -qq --no-install-recommends "${packages[@]}" && apt clean || exit 1
