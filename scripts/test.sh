#!/usr/bin/env bash
# npm test: system packages, lint, types, unit/property/export-validation, real daemons, browser.
# Runs every suite it can; says loudly what it skipped and why; fails if any suite that ran failed.
set -u
cd "$(dirname "$0")/.."
export ROUTELAB_TEST=1
bash scripts/system-deps.sh

failed=()
skipped=()
passed=()
run() {
  local name=$1
  shift
  echo
  echo "━━━ $name: $*"
  local start=$SECONDS
  if "$@"; then
    passed+=("$name ($((SECONDS - start))s)")
  else
    failed+=("$name")
  fi
}

run lint npx eslint . --max-warnings 0
run format npx prettier --check . --log-level warn
run types npm run -s typecheck
run unit npx vitest run

if [ "$(id -u)" = 0 ] && command -v vtysh >/dev/null && command -v bird >/dev/null \
  && command -v gobgpd >/dev/null && command -v ip >/dev/null && ip netns list >/dev/null 2>&1; then
  if ls tests/real/*.real.test.ts >/dev/null 2>&1; then
    run real-daemons npx vitest run --config vitest.real.config.ts
  fi
else
  skipped+=("real-daemons: needs root, ip netns and frr bird2 gobgpd (sudo apt-get install -y frr bird2 gobgpd iproute2 traceroute iputils-ping)")
fi

if [ -x /usr/bin/chromium ]; then
  run build npx vite build --logLevel warn
  E2E_PORT=$(node -e "const s=require('net').createServer().listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})")
  export E2E_PORT
  run e2e npx playwright test
else
  skipped+=("e2e: needs Debian chromium at /usr/bin/chromium (sudo apt-get install -y chromium)")
fi

echo
echo "━━━ summary"
for p in "${passed[@]}"; do echo "  passed:  $p"; done
for s in "${skipped[@]}"; do echo "  SKIPPED: $s"; done
for f in "${failed[@]}"; do echo "  FAILED:  $f"; done
if [ ${#skipped[@]} -gt 0 ]; then
  echo
  echo "!!! ${#skipped[@]} suite(s) SKIPPED — see above for the command that enables them !!!"
fi
echo "${#passed[@]} passed, ${#failed[@]} failed, ${#skipped[@]} skipped"
[ ${#failed[@]} -eq 0 ]
