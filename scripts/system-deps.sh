#!/usr/bin/env bash
# Installs the Debian packages the test suites need, when it can (root + apt-get).
# Prints one line per missing tool; never fails the run by itself.
set -u
packages=(chromium frr bird2 gobgpd iproute2 traceroute iputils-ping shellcheck jq)
# tool -> package that provides it
declare -A provides=(
  [chromium]=chromium [vtysh]=frr [bird]=bird2 [gobgpd]=gobgpd [ip]=iproute2
  [traceroute]=traceroute [ping]=iputils-ping [shellcheck]=shellcheck [jq]=jq
)
missing=()
for tool in "${!provides[@]}"; do
  command -v "$tool" >/dev/null 2>&1 || [ -x "/usr/lib/frr/$tool" ] || missing+=("${provides[$tool]}")
done
if [ ${#missing[@]} -eq 0 ]; then
  echo "system-deps: all present (${packages[*]})"
  exit 0
fi
mapfile -t missing < <(printf '%s\n' "${missing[@]}" | sort -u)
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "system-deps: installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  if apt-get update -qq >/dev/null 2>&1 && apt-get install -y -qq "${missing[@]}" >/dev/null 2>&1; then
    echo "system-deps: installed ${missing[*]}"
  else
    echo "system-deps: WARNING: apt-get install ${missing[*]} failed; suites needing them will be skipped"
  fi
else
  echo "system-deps: WARNING: not root or no apt-get; missing: ${missing[*]}"
  echo "system-deps: to enable every suite run: sudo apt-get install -y ${missing[*]}"
fi
exit 0
