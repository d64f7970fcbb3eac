/**
 * deploy.sh, verify.sh and destroy.sh. Every value that reaches a script is either a planned
 * (sanitised) name or a validated address, and is still single-quoted with `shq`, so no lab
 * string can run as code. Scripts are `set -euo pipefail` and clean under shellcheck.
 */
import { networkOf } from '../model';
import { configDir, deviceRole } from './devices';
import { shq, validIp, validIpv4, validIpv4Cidr } from './names';
import type { DevicePlan, ExportPlan } from './plan';
import { containerOf, devicePlans, ifnameOf } from './plan';
import { buildCiliumBgp, buildCiliumLbPools, ciliumVersion, helmChartVersion } from './cilium';

const HEADER = ['#!/usr/bin/env bash', 'set -euo pipefail', 'cd "$(dirname "$0")"', ''];

export const clabFile = (plan: ExportPlan): string => `${plan.labName}.clab.yml`;
export const clusterDir = (kindName: string): string => `k8s/${kindName}`;

function bridges(plan: ExportPlan): string[] {
  return devicePlans(plan)
    .filter((dp) => dp.device.kind === 'bridge')
    .map((dp) => dp.node);
}

export function renderDeploy(plan: ExportPlan): string {
  const out = [
    ...HEADER.slice(0, 2),
    `# Deploys the routelab lab ${shq(plan.labName)}: bridges, kind clusters, containerlab, CNI, BGP.`,
    HEADER[2] ?? '',
    '',
    'if [ "$(id -u)" -ne 0 ]; then',
    '  echo "deploy.sh: run as root (containerlab and the Linux bridges need it)" >&2',
    '  exit 1',
    'fi',
    '',
  ];
  const brs = bridges(plan);
  if (brs.length > 0) {
    out.push('# containerlab does not create the Linux bridges its bridge nodes attach to.');
    for (const b of brs) {
      out.push(`if ! ip link show ${shq(b)} >/dev/null 2>&1; then`);
      out.push(`  ip link add name ${shq(b)} type bridge`, 'fi', `ip link set ${shq(b)} up`);
    }
    out.push('');
  }
  for (const cp of plan.clusters) {
    const dir = clusterDir(cp.kindName);
    out.push(
      `# kind cluster ${shq(cp.kindName)} (its node containers must exist before containerlab)`,
    );
    out.push(`if ! kind get clusters | grep -qx ${shq(cp.kindName)}; then`);
    out.push(
      `  kind create cluster --name ${shq(cp.kindName)} --config ${shq(`${dir}/kind.yaml`)}`,
    );
    out.push('fi', '');
  }
  out.push(`containerlab deploy --reconfigure -t ${shq(clabFile(plan))}`, '');
  for (const cp of plan.clusters) {
    const dir = clusterDir(cp.kindName);
    const ctx = shq(`kind-${cp.kindName}`);
    const kc = `kubectl --context ${ctx}`;
    if (cp.cluster.cni === 'cilium') {
      const version = helmChartVersion(ciliumVersion(plan, cp.cluster));
      out.push('helm repo add cilium https://helm.cilium.io/ --force-update >/dev/null');
      out.push(
        `helm upgrade --install cilium cilium/cilium --kube-context ${ctx} --namespace kube-system --version ${shq(version)} -f ${shq(`${dir}/cilium-values.yaml`)}`,
      );
      out.push(`${kc} -n kube-system rollout status ds/cilium --timeout=600s`);
    } else {
      const version = `v${plan.options.calicoVersion.replace(/^v/, '')}`;
      out.push(
        'helm repo add projectcalico https://docs.tigera.io/calico/charts --force-update >/dev/null',
      );
      out.push(
        `helm upgrade --install calico projectcalico/tigera-operator --kube-context ${ctx} --namespace tigera-operator --create-namespace --version ${shq(version)} -f ${shq(`${dir}/calico-values.yaml`)}`,
      );
      out.push(`${kc} wait --for=condition=Available --timeout=600s tigerastatus/calico`);
      out.push(`${kc} wait --for=condition=Available --timeout=600s tigerastatus/apiserver`);
    }
    out.push(`${kc} wait --for=condition=Ready nodes --all --timeout=600s`);
    const bgpDocs =
      cp.cluster.cni === 'calico' ||
      buildCiliumBgp(plan, cp).length + buildCiliumLbPools(plan, cp).length > 0;
    if (bgpDocs) out.push(`${kc} apply -f ${shq(`${dir}/bgp.yaml`)}`);
    out.push(`${kc} apply -f ${shq(`${dir}/workloads.yaml`)}`);
    out.push(`${kc} rollout status ds/nettool --timeout=600s`, '');
  }
  out.push('echo "lab deployed; run ./verify.sh to compare it with routelab\'s predictions"');
  return `${out.join('\n')}\n`;
}

export function renderDestroy(plan: ExportPlan): string {
  const out = [...HEADER];
  out.push(`containerlab destroy --cleanup -t ${shq(clabFile(plan))} || true`);
  for (const cp of plan.clusters)
    out.push(`kind delete cluster --name ${shq(cp.kindName)} || true`);
  for (const b of bridges(plan)) {
    out.push(`if ip link show ${shq(b)} >/dev/null 2>&1; then`, `  ip link del ${shq(b)}`, 'fi');
  }
  return `${out.join('\n')}\n`;
}

// JSON shapes (`.peers[ADDR or IFACE].state`, `.paths[].valid`, `{}` for an absent prefix) were
// checked on FRR 8.4.4 here: `show bgp ipv4 unicast summary json`, `show bgp ipv4 unicast P json`.
const VERIFY_FUNCTIONS = `failures=0
pass() { printf 'ok    %s\\n' "$1"; }
fail() { printf 'FAIL  %s\\n' "$1"; failures=$((failures + 1)); }

# frr_session CONTAINER PEER STATE: PEER is an address or (unnumbered) an interface.
frr_session() {
  local state
  state=$(docker exec "$1" vtysh -c 'show bgp ipv4 unicast summary json' \\
    | jq -r --arg p "$2" '.peers[$p].state // "missing"')
  if [ "$3" = established ]; then
    if [ "$state" = Established ]; then pass "$1 session $2 Established"; else fail "$1 session $2 is $state"; fi
  elif [ "$state" != Established ]; then pass "$1 session $2 down ($state)"; else fail "$1 session $2 is up, expected down"; fi
}

# frr_route CONTAINER PREFIX PRESENT(yes|no)
frr_route() {
  local n
  n=$(docker exec "$1" vtysh -c "show bgp ipv4 unicast $2 json" | jq -r '[.paths[]? | select(.valid)] | length')
  if [ "$3" = yes ] && [ "$n" -gt 0 ]; then pass "$1 has $2 ($n paths)"
  elif [ "$3" = no ] && [ "$n" -eq 0 ]; then pass "$1 has no $2"
  else fail "$1 $2: $n paths, expected present=$3"; fi
}

# bird_route CONTAINER PREFIX PRESENT(yes|no)
bird_route() {
  if docker exec "$1" birdc -r show route for "$2" | grep -q "^$2"; then
    if [ "$3" = yes ]; then pass "$1 has $2"; else fail "$1 has $2, expected absent"; fi
  elif [ "$3" = no ]; then pass "$1 has no $2"; else fail "$1 lacks $2"; fi
}

# ping_from CONTAINER ADDRESS
ping_from() {
  if docker exec "$1" ping -c 2 -W 2 "$2" >/dev/null 2>&1; then pass "$1 -> $2 ping"; else fail "$1 -> $2 ping"; fi
}

# trace_from CONTAINER DEST HOP... : each HOP lists the addresses (space separated) any ECMP
# branch may answer from; the real trace must answer from one of them at every hop.
trace_from() {
  local c=$1 dest=$2 i=0 got want
  shift 2
  mapfile -t got < <(docker exec "$c" traceroute -n -q 1 -w 2 -m 16 "$dest" 2>/dev/null | awk 'NR > 1 { print $2 }')
  for want in "$@"; do
    if [[ " $want " != *" \${got[$i]:-none} "* ]]; then
      fail "$c trace $dest hop $((i + 1)): got \${got[$i]:-none}, predicted one of: $want"
      return
    fi
    i=$((i + 1))
  done
  pass "$c trace $dest matches the prediction (\${got[*]})"
}
`;

function sessionChecks(plan: ExportPlan): string[] {
  const out: string[] = [];
  const predicted = plan.options.predictions?.sessions;
  const frr = (dp: DevicePlan): boolean =>
    dp.device.kind === 'router' && (dp.device.daemon === 'frr' || dp.device.daemon === 'vyos');
  if (predicted) {
    for (const s of predicted) {
      const dp = plan.devices.get(s.device);
      if (!dp || !frr(dp)) continue;
      const peer = validIp(s.peer) ? s.peer : ifnameOf(dp, s.peer);
      if (peer) out.push(`frr_session ${shq(containerOf(plan, dp))} ${shq(peer)} ${s.state}`);
    }
    return out;
  }
  for (const dp of devicePlans(plan).filter(frr)) {
    const bgp = dp.device.kind === 'router' ? dp.device.bgp : undefined;
    for (const n of bgp?.neighbors ?? []) {
      if (n.shutdown) continue;
      const peer = n.interface ? ifnameOf(dp, n.peer) : validIp(n.peer) ? n.peer : undefined;
      if (peer) out.push(`frr_session ${shq(containerOf(plan, dp))} ${shq(peer)} established`);
    }
  }
  return out;
}

function routeChecks(plan: ExportPlan): string[] {
  const out: string[] = [];
  for (const r of plan.options.predictions?.routes ?? []) {
    const dp = plan.devices.get(r.device);
    if (!dp || !validIpv4Cidr(r.prefix)) continue;
    const role = deviceRole(plan, dp);
    if (role.mode !== 'run') continue;
    const args = `${shq(containerOf(plan, dp))} ${shq(networkOf(r.prefix))} ${r.present ? 'yes' : 'no'}`;
    if (role.daemon === 'frr' || role.daemon === 'vyos') out.push(`frr_route ${args}`);
    else if (role.daemon === 'bird') out.push(`bird_route ${args}`);
  }
  return out;
}

function traceChecks(plan: ExportPlan): string[] {
  const out: string[] = [];
  for (const t of plan.options.predictions?.traces ?? []) {
    const dp = plan.devices.get(t.from);
    if (!dp || !validIpv4(t.to) || dp.device.kind === 'bridge') continue;
    const hops = t.hops.map((h) => shq(h.filter(validIp).join(' ')));
    out.push(`trace_from ${shq(containerOf(plan, dp))} ${shq(t.to)} ${hops.join(' ')}`.trimEnd());
  }
  return out;
}

// Expectations are checked with retries until a deadline (the lab may still be converging),
// re-running only the ones that failed, then printed with `routelab check`'s words:
// `PASS  NAME  REASON` / `FAIL  NAME  REASON`. `show ip route P json` is keyed by prefix, each
// entry with `.selected` and `.nexthops[].{fib,interfaceName}` (FRR 8.4 zebra JSON; not run
// against a daemon in this change).
const EXPECT_FUNCTIONS = `# Each *_expect sets why and returns 0 when the expectation holds.
why=''

# route_expect CONTAINER PREFIX ABSENT(yes|no) COUNT(- or n) DEVICES(sorted, space separated, or -)
route_expect() {
  local json n devs
  json=$(docker exec "$1" vtysh -c "show ip route $2 json" 2>/dev/null) || json='{}'
  n=$(jq -r --arg p "$2" '[.[$p][]? | select(.selected) | .nexthops[]? | select(.fib)] | length' <<<"$json")
  if [ "$3" = yes ]; then
    if [ "$n" -eq 0 ]; then why="$2 absent"; return 0; fi
    why="$2 present with $n next hop(s), expected absent"; return 1
  fi
  if [ "$n" -eq 0 ]; then why="$2 not in the FIB"; return 1; fi
  if [ "$4" != - ] && [ "$n" -ne "$4" ]; then why="$2 has $n next hop(s), expected $4"; return 1; fi
  if [ "$5" != - ]; then
    devs=$(jq -r --arg p "$2" '.[$p][]? | select(.selected) | .nexthops[]? | select(.fib) | .interfaceName // empty' <<<"$json" \\
      | while read -r i; do printf '%s\\n' "\${NEIGHBOUR["$1/$i"]:-$i}"; done | sort -u | paste -sd ' ' -)
    if [ "$devs" != "$5" ]; then why="$2 via $devs, expected via $5"; return 1; fi
  fi
  why="$2 present with $n next hop(s)"
}

# session_expect CONTAINER PEER STATE(established|down)
session_expect() {
  local state
  state=$(docker exec "$1" vtysh -c 'show bgp ipv4 unicast summary json' 2>/dev/null \\
    | jq -r --arg p "$2" '.peers[$p].state // "missing"') || state=missing
  why="session $2 is $state"
  if [ "$3" = established ]; then [ "$state" = Established ]; else [ "$state" != Established ]; fi
}

# reach_expect CONTAINER ADDRESS NOT(yes|no): the last traceroute hop must (not) be ADDRESS.
reach_expect() {
  local last
  last=$(docker exec "$1" traceroute -n -q 1 -w 2 -m 16 "$2" 2>/dev/null | awk 'END { print $2 }') || last=''
  if [ "$last" = "$2" ]; then why="$2 reached"; [ "$3" = no ]; else why="$2 not reached (last hop \${last:-none})"; [ "$3" = yes ]; fi
}
`;

function expectationCalls(plan: ExportPlan): string[] {
  const out: string[] = [];
  const runs = (name: string, frrOnly: boolean): DevicePlan | undefined => {
    const dp = plan.devices.get(name);
    if (!dp || dp.device.kind === 'bridge') return undefined;
    const role = deviceRole(plan, dp);
    if (!frrOnly) return dp;
    return role.mode === 'run' && (role.daemon === 'frr' || role.daemon === 'vyos')
      ? dp
      : undefined;
  };
  for (const e of plan.options.predictions?.expectations ?? []) {
    if (e.kind === 'route') {
      const dp = runs(e.device, true);
      if (!dp || !validIpv4Cidr(e.prefix)) continue;
      const count = e.nextHopCount !== undefined ? String(e.nextHopCount) : '-';
      const devs = e.nextHopDevices ? [...e.nextHopDevices].sort().join(' ') : '-';
      const args = [
        containerOf(plan, dp),
        networkOf(e.prefix),
        e.absent ? 'yes' : 'no',
        count,
        devs,
      ];
      out.push(`expect ${shq(e.name)} route_expect ${args.map(shq).join(' ')}`);
    } else if (e.kind === 'session') {
      const dp = runs(e.device, true);
      const peer = dp && (validIp(e.peer) ? e.peer : ifnameOf(dp, e.peer));
      if (!dp || !peer) continue;
      const args = [containerOf(plan, dp), peer, e.state];
      out.push(`expect ${shq(e.name)} session_expect ${args.map(shq).join(' ')}`);
    } else {
      const dp = runs(e.from, false);
      if (!dp || !validIpv4(e.to)) continue;
      const args = [containerOf(plan, dp), e.to, e.not ? 'yes' : 'no'];
      out.push(`expect ${shq(e.name)} reach_expect ${args.map(shq).join(' ')}`);
    }
  }
  return out;
}

/** CONTAINER/IFNAME -> model device at the other end of the link, for next hops by device. */
function neighbourMap(plan: ExportPlan): string[] {
  const out: string[] = [];
  for (const link of plan.lab.links) {
    for (const [here, there] of [
      [link.a, link.b],
      [link.b, link.a],
    ] as const) {
      const dp = plan.devices.get(here.device);
      const ifname = dp && ifnameOf(dp, here.interface);
      if (!dp || !ifname) continue;
      out.push(`NEIGHBOUR[${shq(`${containerOf(plan, dp)}/${ifname}`)}]=${shq(there.device)}`);
    }
  }
  return out;
}

function expectationSection(plan: ExportPlan): string[] {
  const calls = expectationCalls(plan);
  if (calls.length === 0) return [];
  return [
    "# The lab's expectations, by name, retried until VERIFY_DEADLINE seconds (default 120).",
    EXPECT_FUNCTIONS,
    'declare -A NEIGHBOUR=()',
    ...neighbourMap(plan),
    'names=()',
    'declare -A checks=() verdict=() reasons=()',
    '# expect NAME CHECK ARGS...: registers one expectation (ARGS are stored quoted).',
    'expect() {',
    '  names+=("$1")',
    '  checks[$1]=$(printf \'%q \' "${@:2}")',
    '}',
    '# Names are literal text; single quotes keep any $ or backtick in them from expanding.',
    '# shellcheck disable=SC2016',
    'register_expectations() {',
    ...calls.map((c) => `  ${c}`),
    '}',
    'register_expectations',
    'deadline=$((SECONDS + ${VERIFY_DEADLINE:-120}))',
    'pending=("${names[@]}")',
    'while :; do',
    '  still=()',
    '  for n in "${pending[@]}"; do',
    '    if eval "${checks[$n]}"; then verdict[$n]=PASS; else verdict[$n]=FAIL; still+=("$n"); fi',
    '    reasons[$n]=$why',
    '  done',
    '  pending=("${still[@]}")',
    '  if [ "${#pending[@]}" -eq 0 ] || [ "$SECONDS" -ge "$deadline" ]; then break; fi',
    '  sleep 5',
    'done',
    'for n in "${names[@]}"; do',
    '  printf \'%s  %s  %s\\n\' "${verdict[$n]}" "$n" "${reasons[$n]}"',
    '  if [ "${verdict[$n]}" = FAIL ]; then failures=$((failures + 1)); fi',
    'done',
    '',
  ];
}

function podChecks(plan: ExportPlan): string[] {
  const out: string[] = [];
  const clients = devicePlans(plan).filter((dp) => dp.device.kind === 'host');
  for (const cp of plan.clusters) {
    const ctx = shq(`kind-${cp.kindName}`);
    out.push(
      `mapfile -t pods < <(kubectl --context ${ctx} get pods -l app=routelab-nettool -o jsonpath='{range .items[*]}{.metadata.name} {.status.podIP}{"\\n"}{end}')`,
      'for a in "${pods[@]}"; do',
      '  for b in "${pods[@]}"; do',
      '    [ "$a" = "$b" ] && continue',
      `    if kubectl --context ${ctx} exec "\${a%% *}" -- ping -c 2 -W 2 "\${b##* }" >/dev/null 2>&1; then`,
      '      pass "pod ${a%% *} -> ${b##* } ping"',
      '    else',
      '      fail "pod ${a%% *} -> ${b##* } ping"',
      '    fi',
      '  done',
    );
    for (const c of clients) out.push(`  ping_from ${shq(containerOf(plan, c))} "\${a##* }"`);
    out.push('done', '');
  }
  return out;
}

export function renderVerify(plan: ExportPlan): string {
  const out = [
    ...HEADER.slice(0, 2),
    '# Compares the running lab with what routelab predicted (predictions.json).',
    HEADER[2] ?? '',
    '',
    VERIFY_FUNCTIONS,
    '# BGP sessions',
    ...sessionChecks(plan),
    '',
    '# Prefixes in the BGP tables',
    ...routeChecks(plan),
    '',
    '# Pod-to-pod and client-to-pod reachability',
    ...podChecks(plan),
    '# Traceroutes against the predicted hops',
    ...traceChecks(plan),
    '',
    ...expectationSection(plan),
    'if [ "$failures" -gt 0 ]; then',
    '  echo "$failures check(s) failed" >&2',
    '  exit 1',
    'fi',
    'echo "all checks passed"',
  ];
  return `${out.join('\n')}\n`;
}

/** Where the README points for each device's config (for the table of nodes). */
export function deviceConfigPath(dp: DevicePlan): string {
  return configDir(dp);
}
