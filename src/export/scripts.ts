/**
 * deploy.sh, verify.sh and destroy.sh. Every value that reaches a script is either a planned
 * (sanitised) name or a validated address, and is still single-quoted with `shq`, so no lab
 * string can run as code. Scripts are `set -euo pipefail` and clean under shellcheck.
 */
import { networkOf, nodePods } from '../model';
import { configDir, deviceRole, runsLocalBirdImage } from './devices';
import { shq, validIp, validIpv4, validIpv4Cidr } from './names';
import type { DevicePlan, ExportPlan } from './plan';
import { BIRD_IMAGE_DIR, BIRD_LOCAL_IMAGE, devicePlans, ifnameOf } from './plan';
import { EXPECT_LIB, EXPECT_RUN } from './verifyLib';
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
  if (runsLocalBirdImage(plan)) {
    // No registry publishes a BIRD 2 image with iproute2 (see images/bird/Dockerfile).
    out.push(
      '# The BIRD nodes run an image built from this bundle.',
      `if ! docker image inspect ${shq(BIRD_LOCAL_IMAGE)} >/dev/null 2>&1; then`,
      `  docker build -t ${shq(BIRD_LOCAL_IMAGE)} ${shq(BIRD_IMAGE_DIR)}`,
      'fi',
      '',
    );
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
// Every command goes through rl_exec / rl_speaker (EXPECT_LIB), the script's one seam.
const VERIFY_FUNCTIONS = `failures=0
pass() { printf 'ok    %s\\n' "$1"; }
fail() { printf 'FAIL  %s\\n' "$1"; failures=$((failures + 1)); }

# frr_session NODE PEER STATE: PEER is an address or (unnumbered) an interface.
frr_session() {
  local state
  state=$(rl_speaker "$1" vtysh -c 'show bgp ipv4 unicast summary json' \\
    | jq -r --arg p "$2" '.peers[$p].state // "missing"')
  if [ "$3" = established ]; then
    if [ "$state" = Established ]; then pass "$1 session $2 Established"; else fail "$1 session $2 is $state"; fi
  elif [ "$state" != Established ]; then pass "$1 session $2 down ($state)"; else fail "$1 session $2 is up, expected down"; fi
}

# frr_route NODE PREFIX PRESENT(yes|no)
frr_route() {
  local n
  n=$(rl_speaker "$1" vtysh -c "show bgp ipv4 unicast $2 json" | jq -r '[.paths[]? | select(.valid)] | length')
  if [ "$3" = yes ] && [ "$n" -gt 0 ]; then pass "$1 has $2 ($n paths)"
  elif [ "$3" = no ] && [ "$n" -eq 0 ]; then pass "$1 has no $2"
  else fail "$1 $2: $n paths, expected present=$3"; fi
}

# bird_route NODE PREFIX PRESENT(yes|no)
bird_route() {
  if rl_speaker "$1" birdc -r show route "$2" | grep -q "^$2"; then
    if [ "$3" = yes ]; then pass "$1 has $2"; else fail "$1 has $2, expected absent"; fi
  elif [ "$3" = no ]; then pass "$1 has no $2"; else fail "$1 lacks $2"; fi
}

# ping_from NODE ADDRESS
ping_from() {
  if rl_exec "$1" ping -c 2 -W 2 "$2" >/dev/null 2>&1; then pass "$1 -> $2 ping"; else fail "$1 -> $2 ping"; fi
}

# trace_from NODE DEST HOP... : each HOP lists the addresses (space separated) any ECMP
# branch may answer from; the real trace must answer from one of them at every hop.
trace_from() {
  local c=$1 dest=$2 i=0 got want
  shift 2
  mapfile -t got < <(rl_exec "$c" traceroute -n -q 1 -w 2 -m 16 "$dest" 2>/dev/null | awk 'NR > 1 { print $2 }')
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

/** Runs (or, for CNI nodes, reaches through the agent pod) a BGP speaker verify.sh can ask. */
function speakerOf(plan: ExportPlan, dp: DevicePlan): string | undefined {
  const d = dp.device;
  const role = deviceRole(plan, dp);
  if (!role.daemon || role.mode === 'none') return undefined;
  if (d.kind === 'k8s-node' && role.mode === 'reference') {
    const c = plan.lab.clusters.find((x) => x.name === d.cluster);
    return c?.cni === 'calico' ? 'calico' : 'cilium';
  }
  return role.daemon === 'vyos' ? 'frr' : role.daemon;
}

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
      if (peer) out.push(`frr_session ${shq(dp.node)} ${shq(peer)} ${s.state}`);
    }
    return out;
  }
  for (const dp of devicePlans(plan).filter(frr)) {
    const bgp = dp.device.kind === 'router' ? dp.device.bgp : undefined;
    for (const n of bgp?.neighbors ?? []) {
      if (n.shutdown) continue;
      const peer = n.interface ? ifnameOf(dp, n.peer) : validIp(n.peer) ? n.peer : undefined;
      if (peer) out.push(`frr_session ${shq(dp.node)} ${shq(peer)} established`);
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
    const args = `${shq(dp.node)} ${shq(networkOf(r.prefix))} ${r.present ? 'yes' : 'no'}`;
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
    out.push(`trace_from ${shq(dp.node)} ${shq(t.to)} ${hops.join(' ')}`.trimEnd());
  }
  return out;
}

/** Where each node's commands and BGP speaker are, and how addresses map to model devices. */
function seamTables(plan: ExportPlan): string[] {
  const out = [
    `CLAB_PREFIX=${shq(`clab-${plan.labName}-`)}`,
    'declare -A SPEAKER=() KCTX=() KNODE=() CILIUM_BIN=() ADDR=() NEIGHBOUR=()',
  ];
  for (const cp of plan.clusters) {
    const minor = Number(/^v?\d+\.(\d+)/.exec(ciliumVersion(plan, cp.cluster))?.[1] ?? 17);
    for (const n of cp.nodes) {
      const dp = plan.devices.get(n.device.name);
      if (!dp) continue;
      out.push(`KCTX[${shq(dp.node)}]=${shq(`kind-${cp.kindName}`)}`);
      // kind names each Kubernetes node after its container.
      out.push(`KNODE[${shq(dp.node)}]=${shq(n.container)}`);
      // The agent's CLI is `cilium-dbg` from 1.15 on, `cilium` before.
      if (cp.cluster.cni === 'cilium')
        out.push(`CILIUM_BIN[${shq(dp.node)}]=${minor >= 15 ? 'cilium-dbg' : 'cilium'}`);
    }
  }
  for (const dp of devicePlans(plan)) {
    const sp = speakerOf(plan, dp);
    if (sp) out.push(`SPEAKER[${shq(dp.node)}]=${sp}`);
  }
  // Model names (quoted) appear only when there are expectations whose reasons need them.
  if ((plan.options.predictions?.expectations ?? []).length === 0) return out;
  const owners = new Map<string, string>();
  for (const d of plan.lab.devices) {
    if (d.kind === 'bridge') continue;
    for (const i of d.interfaces)
      for (const a of i.addresses) {
        const host = a.split('/')[0] ?? '';
        if (validIp(host) && !owners.has(host)) owners.set(host, d.name);
      }
    // A pod answers as its node's (routelab names pod hops by their node).
    if (d.kind === 'k8s-node')
      for (const p of nodePods(plan.lab, d))
        if (validIp(p.address) && !owners.has(p.address)) owners.set(p.address, d.name);
  }
  for (const [a, d] of owners) out.push(`ADDR[${shq(a)}]=${shq(d)}`);
  for (const link of plan.lab.links) {
    for (const [here, there] of [
      [link.a, link.b],
      [link.b, link.a],
    ] as const) {
      const dp = plan.devices.get(here.device);
      const ifname = dp && ifnameOf(dp, here.interface);
      if (!dp || !ifname || dp.device.kind === 'bridge') continue;
      out.push(`NEIGHBOUR[${shq(`${dp.node}/${ifname}`)}]=${shq(there.device)}`);
    }
  }
  return out;
}

/** The interfaces to set down for one failure: node + Linux name, bridge ports left alone. */
function failureEnds(plan: ExportPlan, ends: { device: string; interface: string }[]): string[] {
  return ends.flatMap((e) => {
    const dp = plan.devices.get(e.device);
    const ifname = dp && dp.device.kind !== 'bridge' ? ifnameOf(dp, e.interface) : undefined;
    return dp && ifname && ifname !== 'lo' ? [dp.node, ifname] : [];
  });
}

function expectationCalls(plan: ExportPlan): { checks: string[]; survives: string[] } {
  const checks: string[] = [];
  const survives: string[] = [];
  const q = (xs: string[]): string => xs.map(shq).join(' ');
  const speaks = (name: string): DevicePlan | undefined => {
    const dp = plan.devices.get(name);
    return dp && speakerOf(plan, dp) ? dp : undefined;
  };
  for (const e of plan.options.predictions?.expectations ?? []) {
    if (e.kind === 'route') {
      const dp = plan.devices.get(e.device);
      if (!dp || dp.device.kind === 'bridge' || !validIpv4Cidr(e.prefix)) continue;
      const args = [
        dp.node,
        e.device,
        networkOf(e.prefix),
        e.absent ? 'yes' : 'no',
        e.nextHopCount !== undefined ? String(e.nextHopCount) : '-',
        e.nextHopDevices ? [...e.nextHopDevices].sort().join('\t') : '-',
        e.asPath ? `=${e.asPath.join(' ')}` : '-',
        e.bestFrom ?? '-',
      ];
      checks.push(`expect ${shq(e.name)} route_expect ${q(args)}`);
    } else if (e.kind === 'session') {
      const dp = speaks(e.device);
      const peer = dp && (validIp(e.peer) ? e.peer : ifnameOf(dp, e.peer));
      if (!dp || !peer) continue;
      const args = [dp.node, peer, e.state, e.a ?? e.device, e.b ?? e.peer];
      checks.push(`expect ${shq(e.name)} session_expect ${q(args)}`);
    } else if (e.kind === 'reach') {
      const node = execTarget(plan, e.from);
      if (!node || !validIpv4(e.to)) continue;
      const fromDevice =
        e.from.includes('/') && !plan.devices.has(e.from)
          ? e.from.slice(0, e.from.indexOf('/'))
          : e.from;
      const podNode = e.toPod
        ? execTarget(plan, e.toPod.slice(0, e.toPod.indexOf('/')))
        : undefined;
      const args = [
        node,
        e.from,
        fromDevice,
        e.to,
        e.label ?? e.to,
        e.toDevice ?? '-',
        podNode ?? '-',
        e.not ? 'yes' : 'no',
        ...(e.via ?? []),
      ];
      checks.push(`expect ${shq(e.name)} reach_expect ${q(args)}`);
    } else {
      survives.push(`survives ${q([e.name, ...e.expectations])}`);
      for (const f of e.failures)
        survives.push(`failure ${q([e.name, f.name, ...failureEnds(plan, f.ends)])}`);
    }
  }
  return { checks, survives };
}

function expectationSection(plan: ExportPlan): string[] {
  const { checks, survives } = expectationCalls(plan);
  if (checks.length + survives.length === 0)
    return [
      'if [ "$with_survives" = yes ]; then echo "verify.sh: this lab has no expectations" >&2; fi',
      '',
    ];
  return [
    "# The lab's expectations, by name, retried until VERIFY_DEADLINE seconds (default 120).",
    EXPECT_RUN,
    '# Names are literal text; single quotes keep any $ or backtick in them from expanding.',
    '# shellcheck disable=SC2016',
    'register_expectations() {',
    ...checks.map((c) => `  ${c}`),
    ...survives.map((c) => `  ${c}`),
    '  :',
    '}',
    'register_expectations',
    'if [ "${#names[@]}" -gt 0 ]; then',
    '  check_until "${VERIFY_DEADLINE:-120}" "${names[@]}"',
    '  for n in "${names[@]}"; do',
    '    printf \'%s  %s  %s\\n\' "${verdict[$n]}" "$n" "${reasons[$n]}"',
    '    if [ "${verdict[$n]}" = FAIL ]; then failures=$((failures + 1)); fi',
    '  done',
    'fi',
    'if [ "$with_survives" = yes ]; then',
    '  run_survives',
    'else',
    '  for n in "${surv_names[@]}"; do',
    '    printf \'SKIP  %s  fails links in the running lab: run verify.sh --survives\\n\' "$n"',
    '  done',
    'fi',
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
    for (const c of clients) out.push(`  ping_from ${shq(c.node)} "\${a##* }"`);
    out.push('done', '');
  }
  return out;
}

const USAGE = [
  'with_survives=no only_expectations=no',
  'for arg in "$@"; do',
  '  case $arg in',
  '    --survives) with_survives=yes ;;',
  '    --expectations) only_expectations=yes ;;',
  '    *)',
  '      echo "usage: verify.sh [--expectations] [--survives]" >&2',
  '      echo "  --expectations  check only the lab\'s expectations, not every prediction" >&2',
  '      echo "  --survives      also fail each link/device of survives expectations (disturbs the lab)" >&2',
  '      exit 2',
  '      ;;',
  '  esac',
  'done',
];

export function renderVerify(plan: ExportPlan): string {
  const out = [
    ...HEADER.slice(0, 2),
    '# Compares the running lab with what routelab predicted (predictions.json) and checks the',
    "# lab's expectations. Every command runs through rl_exec/rl_speaker: set ROUTELAB_EXEC to an",
    '# executable `exec-shim NODE CMD...` to run them somewhere else than `docker exec`.',
    HEADER[2] ?? '',
    '',
    ...USAGE,
    '',
    ...seamTables(plan),
    EXPECT_LIB,
    VERIFY_FUNCTIONS,
    'prediction_checks() {',
    '# BGP sessions',
    ...sessionChecks(plan),
    ':',
    '# Prefixes in the BGP tables',
    ...routeChecks(plan),
    ':',
    '# Pod-to-pod and client-to-pod reachability (kubectl: the real lab only)',
    'if [ -z "${ROUTELAB_EXEC:-}" ]; then',
    ...podChecks(plan),
    ':',
    'fi',
    '# Traceroutes against the predicted hops',
    ...traceChecks(plan),
    ':',
    '}',
    'if [ "$only_expectations" = no ]; then prediction_checks; fi',
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

/**
 * verify.sh's name for where a command runs (the first argument of ROUTELAB_EXEC): the
 * containerlab node, or `node/pN` for the N-th pod of a Kubernetes node (`device/pod`).
 */
export function execTarget(plan: ExportPlan, from: string): string | undefined {
  const whole = plan.devices.get(from);
  if (whole) return whole.device.kind === 'bridge' ? undefined : whole.node;
  const cut = from.indexOf('/');
  const dp = cut > 0 ? plan.devices.get(from.slice(0, cut)) : undefined;
  if (!dp || dp.device.kind !== 'k8s-node') return undefined;
  const i = nodePods(plan.lab, dp.device).findIndex((p) => p.name === from.slice(cut + 1));
  return i < 0 ? undefined : `${dp.node}/p${i}`;
}
