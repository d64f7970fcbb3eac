/**
 * The bash library of verify.sh that checks the lab's expectations on the running lab: one seam
 * for "run this in that node" (rl_exec / rl_speaker, honouring ROUTELAB_EXEC), readers for FRR,
 * BIRD, GoBGP and Cilium output normalised to devices, the route/session/reach checks in
 * `routelab check`'s words, and the `survives` walk over single failures. Static text: every lab
 * value reaches it only as a quoted argument or a quoted array entry written by scripts.ts.
 * Output shapes were read from FRR 8.4.4, BIRD 2.0.12 and GoBGP 3 in network namespaces here
 * (tests/real/verify.real.test.ts runs this script against them).
 */

export const EXPECT_LIB = `# ---------------------------------------------------------------- where commands run
# rl_exec NODE CMD...: runs CMD in NODE's network namespace. NODE is a containerlab node name,
# or NODE/pN for a pod of a Kubernetes node. ROUTELAB_EXEC, when set, names an executable
# called as \`$ROUTELAB_EXEC NODE CMD...\` instead (another runtime, or a lab in plain network
# namespaces); by default \`docker exec clab-<lab>-NODE\`, and pods through kubectl.
rl_exec() {
  local node=$1
  shift
  if [ -n "\${ROUTELAB_EXEC:-}" ]; then
    "$ROUTELAB_EXEC" "$node" "$@"
  elif [[ $node == */* ]]; then
    kubectl --context "\${KCTX[\${node%%/*}]}" exec "$(nettool_pod "\${node%%/*}")" -- "$@"
  else
    docker exec "$CLAB_PREFIX$node" "$@"
  fi
}

# rl_speaker NODE vtysh|birdc|gobgp|cilium ARGS...: asks NODE's BGP speaker. Routers run theirs
# in their container; Calico's BIRD and Cilium's GoBGP live in the CNI's agent pod on the node.
rl_speaker() {
  local node=$1 tool=$2
  shift 2
  if [ -n "\${ROUTELAB_EXEC:-}" ]; then
    "$ROUTELAB_EXEC" "$node" "$tool" "$@"
    return
  fi
  case \${SPEAKER[$node]:-none} in
    calico) agent_exec "$node" calico-system k8s-app=calico-node calico-node \\
      birdcl -s /var/run/calico/bird.ctl "$@" ;;
    cilium) agent_exec "$node" kube-system k8s-app=cilium cilium-agent "\${CILIUM_BIN[$node]:-cilium-dbg}" bgp "$@" ;;
    *) docker exec "$CLAB_PREFIX$node" "$tool" "$@" ;;
  esac
}

# How NODE's speaker is asked: frr (vtysh JSON), bird (birdc text), gobgp (gobgp -j), cilium
# (cilium bgp text), none. Through ROUTELAB_EXEC the CNI speakers answer as BIRD and GoBGP.
dialect() {
  local s=\${SPEAKER[$1]:-none}
  if [ -n "\${ROUTELAB_EXEC:-}" ]; then
    case $s in calico) s=bird ;; cilium) s=gobgp ;; esac
  fi
  [ "$s" = calico ] && s=bird
  printf '%s' "$s"
}

# The pod of DaemonSet SELECTOR in NAMESPACE on Kubernetes node NODE.
pod_on() {
  kubectl --context "\${KCTX[$1]}" -n "$2" get pods -l "$3" \\
    --field-selector "spec.nodeName=\${KNODE[$1]}" -o jsonpath='{.items[0].metadata.name}'
}
nettool_pod() { pod_on "$1" default app=routelab-nettool; }
agent_exec() {
  local node=$1 ns=$2 sel=$3 container=$4
  shift 4
  kubectl --context "\${KCTX[$node]}" -n "$ns" exec "$(pod_on "$node" "$ns" "$sel")" -c "$container" -- "$@"
}

# A pod's real address: the nettool pod on that node (the cluster's IPAM picks it, not routelab).
pod_ip() {
  kubectl --context "\${KCTX[$1]}" get pods -l app=routelab-nettool \\
    --field-selector "spec.nodeName=\${KNODE[$1]}" -o jsonpath='{.items[0].status.podIP}'
}

# ---------------------------------------------------------------- reading the lab
# dev_of NODE TOKEN: the model device behind a next hop / peer token — an address (ADDR), or
# \`if:IFNAME\` (link-local next hops: the device across that link), or self.
dev_of() {
  case $2 in
    self | '' | 0.0.0.0 | ::) printf 'self' ;;
    blackhole) printf 'blackhole' ;;
    if:*) printf '%s' "\${NEIGHBOUR["$1/\${2#if:}"]:-\${2#if:}}" ;;
    *) printf '%s' "\${ADDR[$2]:-?$2}" ;;
  esac
}

# fib_hops NODE PREFIX: the kernel's route for exactly PREFIX (lowest metric), one next-hop
# token per line; nothing when there is none. Shape from \`ip -j -4 route show P\` (iproute2 6.1).
fib_hops() {
  rl_exec "$1" ip -j -4 route show "$2" 2>/dev/null | jq -r '
    sort_by(.metric // 0) | .[0] // empty
    | if .type == "blackhole" or .type == "unreachable" then "blackhole"
      else (.nexthops // [.])[]
        | (.gateway // .via.host) as $g
        | if $g == null or ($g | startswith("fe80")) then "if:" + (.dev // "") else $g end
      end' 2>/dev/null || true
}

# bgp_paths NODE PREFIX: one line per path, tab separated: BEST(1|0) FROM NEXTHOP ASPATH MULTI.
# FROM and NEXTHOP are tokens for dev_of. Shapes checked on FRR 8.4.4 (\`show bgp ipv4 unicast P
# json\`), BIRD 2.0.12 (\`show route P all\`) and GoBGP 3 (\`global rib -a ipv4 P -j\`) here.
bgp_paths() {
  case $(dialect "$1") in
    frr)
      rl_speaker "$1" vtysh -c "show bgp ipv4 unicast $2 json" 2>/dev/null | jq -r '
        .paths[]? | select(.valid)
        | (if (.peer.peerId // "0.0.0.0") == "0.0.0.0" or .peer.peerId == "(unspec)" then "self"
           elif .peer.interface then "if:" + .peer.interface else .peer.peerId end) as $from
        | ((.nexthops // [])[0].ip // "") as $nh
        | [(if .bestpath.overall then 1 else 0 end), $from,
           (if ($nh | startswith("fe80")) and .peer.interface then "if:" + .peer.interface else $nh end),
           ([.aspath.segments[]?.list[]?] | map(tostring) | join(" ")),
           (if .bestpath.overall or .multipath then 1 else 0 end)] | @tsv' 2>/dev/null || true
      ;;
    bird)
      # BIRD 2 puts \`via\` on the next line, Calico's BIRD 1.x on the route line: both read.
      { rl_speaker "$1" birdc -r show route "$2" all 2>/dev/null || true; } | awk '
        function flush() {
          if (!open) return
          if (!bgp) { from = "self"; nh = "self" }
          if (from == "") from = gw
          if (nh == "") nh = gw
          printf "%s\\t%s\\t%s\\t%s\\t%s\\n", best, from, nh, asp, best
          open = 0
        }
        /^[0-9a-fA-F.:]+\\/[0-9]+[ \\t]/ || /^[ \\t]+(unicast|blackhole|unreachable|prohibited|via) .*\\[/ {
          flush(); open = 1; bgp = 0; from = ""; nh = ""; gw = ""; asp = ""
          best = ($0 ~ /\\] \\*/) ? 1 : 0
          if (match($0, /from [0-9a-fA-F.:]+/)) from = substr($0, RSTART + 5, RLENGTH - 5)
          if (match($0, /via [0-9a-fA-F.:]+/)) gw = substr($0, RSTART + 4, RLENGTH - 4)
          next
        }
        /^[ \\t]+via / { if (gw == "") gw = $2 }
        /Type: BGP/ { bgp = 1 }
        /BGP\\.as_path:/ { sub(/.*BGP\\.as_path:[ ]*/, ""); asp = $0 }
        /BGP\\.next_hop:/ { nh = $2 }
        END { flush() }'
      ;;
    gobgp)
      rl_speaker "$1" gobgp global rib -a ipv4 "$2" -j 2>/dev/null | jq -r --arg p "$2" '
        .[$p][]?
        | (.["neighbor-ip"] // "self") as $n
        | [(if .best then 1 else 0 end),
           (if $n == "<nil>" or $n == "0.0.0.0" then "self" else $n end),
           ([.attrs[]? | select(.type == 3) | .nexthop][0] // ""),
           ([.attrs[]? | select(.type == 2) | .as_paths[]?.asns[]?] | map(tostring) | join(" ")),
           (if .best then 1 else 0 end)] | @tsv' 2>/dev/null || true
      ;;
    cilium)
      # \`cilium bgp routes available ipv4 unicast\`: VRouter Prefix NextHop Age Attrs, one row per
      # path, no best flag and the AS_PATH only inside Attrs (Cilium's printBGPRoutesTable).
      { rl_speaker "$1" cilium routes available ipv4 unicast 2>/dev/null || true; } \\
        | awk -v p="$2" '$2 == p { printf "1\\t?\\t%s\\t?\\t1\\n", $3 }'
      ;;
  esac
}

# bgp_session NODE PEER: the session's state (Established, Active, …, or missing).
bgp_session() {
  local s=''
  case $(dialect "$1") in
    frr)
      s=$(rl_speaker "$1" vtysh -c 'show bgp ipv4 unicast summary json' 2>/dev/null \\
        | jq -r --arg p "$2" '.peers[$p].state // empty' 2>/dev/null) || s=''
      ;;
    bird)
      s=$({ rl_speaker "$1" birdc -r show protocols all 2>/dev/null || true; } | awk -v p="$2" '
        /^[^ \\t]/ { state = "" }
        /^[ \\t]+BGP state:/ { state = $3 }
        /^[ \\t]+Neighbor address:/ && $3 == p { print state; exit }')
      ;;
    gobgp)
      s=$(rl_speaker "$1" gobgp neighbor -j 2>/dev/null | jq -r --arg p "$2" '
        [.[]? | select(.conf.neighbor_address == $p) | .state.session_state][0] // empty
        | if . == 6 or . == "established" or . == "ESTABLISHED" then "Established" else tostring end' \\
        2>/dev/null) || s=''
      ;;
    cilium)
      # Local AS  Peer AS  Peer Address  Session  Uptime … (seen on Cilium 1.14: \`10.0.5.1:179\`).
      s=$({ rl_speaker "$1" cilium peers 2>/dev/null || true; } \\
        | awk -v p="$2" '$3 == p || $3 == p ":179" { print ($4 == "established" ? "Established" : $4); exit }')
      ;;
  esac
  printf '%s' "\${s:-missing}"
}

# Sorted \`[a, b]\`, as routelab check prints a device list.
devlist() {
  local joined=''
  if [ "$#" -gt 0 ]; then joined=$(printf '%s\\n' "$@" | LC_ALL=C sort | paste -sd '\\t' - | sed 's/\\t/, /g'); fi
  printf '[%s]' "$joined"
}
# Distinct sorted lines, for comparing device sets.
devset() { if [ "$#" -gt 0 ]; then printf '%s\\n' "$@" | LC_ALL=C sort -u; fi; }

# ---------------------------------------------------------------- the checks
# Each *_expect sets why and returns 0 when the expectation holds (routelab check's words).
why=''

# route_expect NODE DEVICE PREFIX ABSENT(yes|no) COUNT(n|-) NEXTHOPS(tab separated|-)
#   ASPATH(=AS AS…|-) BESTFROM(device|-): the FIB route's next-hop devices, else (a speaker that
#   installs nothing, like Cilium) the best and multipath BGP paths' — as routelab check.
route_expect() {
  local node=$1 dev=$2 p=$3 absent=$4 count=$5 want=$6 aspath=$7 bestfrom=$8
  local hops=() devs=() paths=() best="" line f nh asp m problems=() wantdevs=()
  mapfile -t hops < <(fib_hops "$node" "$p")
  mapfile -t paths < <(bgp_paths "$node" "$p")
  for line in "\${paths[@]}"; do
    if [ "\${line%%$'\\t'*}" = 1 ]; then best=$line; break; fi
  done
  if [ "$absent" = yes ]; then
    if [ "\${#hops[@]}" -gt 0 ] || [ -n "$best" ]; then why="$dev has $p"; return 1; fi
    why="$dev has no route to $p"
    return 0
  fi
  if [ "\${#hops[@]}" -eq 0 ] && [ -z "$best" ]; then why="$dev has no route to $p"; return 1; fi
  if [ "\${#hops[@]}" -gt 0 ]; then
    for nh in "\${hops[@]}"; do devs+=("$(dev_of "$node" "$nh")"); done
  else
    for line in "\${paths[@]}"; do
      IFS=$'\\t' read -r _ f nh asp m <<<"$line"
      if [ "$m" = 1 ]; then devs+=("$(dev_of "$node" "$nh")"); fi
    done
  fi
  if [ "$want" != - ]; then
    IFS=$'\\t' read -r -a wantdevs <<<"$want"
    if [ "$(devset "\${devs[@]}")" != "$(devset "\${wantdevs[@]}")" ]; then
      problems+=("next hops $(devlist "\${devs[@]}"), expected $(devlist "\${wantdevs[@]}")")
    fi
  fi
  if [ "$count" != - ] && [ "\${#devs[@]}" -ne "$count" ]; then
    problems+=("\${#devs[@]} next hop(s), expected $count")
  fi
  IFS=$'\\t' read -r _ f nh asp m <<<"$best"
  if [ "$aspath" != - ] && { [ -z "$best" ] || [ "$asp" != "\${aspath#=}" ]; }; then
    if [ -z "$best" ]; then asp='(no BGP path)'; elif [ -z "$asp" ]; then asp='(empty)'; fi
    problems+=("AS_PATH $asp, expected \${aspath#=}")
  fi
  if [ "$bestfrom" != - ]; then
    local from='(local or none)'
    if [ -n "$best" ] && [ "$f" != self ]; then from=$(dev_of "$node" "$f"); fi
    if [ "$from" != "$bestfrom" ]; then problems+=("best path from $from, expected $bestfrom"); fi
  fi
  if [ "\${#problems[@]}" -gt 0 ]; then
    why="$dev $p: $(printf '%s; ' "\${problems[@]}")"
    why=\${why%; }
    return 1
  fi
  why="$dev has $p via $(devlist "\${devs[@]}")"
}

# session_expect NODE PEER STATE(established|down) A B
session_expect() {
  local state
  state=$(bgp_session "$1" "$2")
  if [ "$state" = Established ]; then why="$4 ↔ $5 is Established"; else why="$4 ↔ $5 is $state"; fi
  if [ "$3" = established ]; then [ "$state" = Established ]; else [ "$state" != Established ]; fi
}

# reach_expect NODE SOURCE FROMDEVICE TO LABEL TODEVICE(|-) TOPOD(node|-) NOT(yes|no) VIA...:
# traceroute from NODE (a container or a pod); reached when the destination answers; VIA must be
# crossed in order by [FROMDEVICE, hop devices…] (hops named by ADDR, pods by their node). One
# trace follows one ECMP branch: the one the kernel hashes this flow to.
reach_expect() {
  local node=$1 src=$2 from=$3 to=$4 label=$5 todev=$6 topod=$7 not=$8
  shift 8
  local hops=() path=() h last i=0
  if [ "$topod" != - ] && [ -z "\${ROUTELAB_EXEC:-}" ]; then to=$(pod_ip "$topod") || to=$4; fi
  mapfile -t hops < <(rl_exec "$node" traceroute -n -q 1 -w 2 -m 16 "$to" 2>/dev/null | awk 'NR > 1 { print $2 }')
  while [ "\${#hops[@]}" -gt 0 ] && [ "\${hops[-1]}" = '*' ]; do unset 'hops[-1]'; done
  last=''
  if [ "\${#hops[@]}" -gt 0 ]; then last=\${hops[-1]}; fi
  path=("$from")
  for h in "\${hops[@]}"; do
    if [ "$h" = "$to" ] && [ "$todev" != - ]; then path+=("$todev"); else path+=("\${ADDR[$h]:-?$h}"); fi
  done
  if [ "$last" != "$to" ]; then
    why="$src cannot reach $label (trace ends at \${last:-nothing})"
    [ "$not" = yes ]
    return
  fi
  if [ "$not" = yes ]; then why="$src reaches $label via $(printf '%s → ' "\${path[@]}")"; why=\${why% → }; return 1; fi
  if [ "$#" -gt 0 ]; then
    for h in "\${path[@]}"; do
      if [ "$i" -lt "$#" ] && [ "$h" = "\${*:$((i + 1)):1}" ]; then i=$((i + 1)); fi
    done
    if [ "$i" -lt "$#" ]; then
      why="path $(printf '%s → ' "\${path[@]}")"
      why="\${why% → } does not cross $(printf '%s → ' "$@")"
      why=\${why% → }
      return 1
    fi
  fi
  why="$src reaches $label via $(printf '%s → ' "\${path[@]}")"
  why=\${why% → }
}
`;

export const EXPECT_RUN = `# ---------------------------------------------------------------- running them
names=()
declare -A checks=() verdict=() reasons=()
# expect NAME CHECK ARGS...: registers one expectation (ARGS are stored quoted).
expect() {
  names+=("$1")
  checks[$1]=$(printf '%q ' "\${@:2}")
}

# check_until SECONDS NAME...: checks each, re-checking those that fail every 5 s until they
# pass or SECONDS have gone by (the lab may still be converging); sets verdict and reasons.
check_until() {
  local end=$((SECONDS + $1)) n still=()
  shift
  local pending=("$@")
  while :; do
    still=()
    for n in "\${pending[@]}"; do
      if eval "\${checks[$n]}"; then verdict[$n]=PASS; else verdict[$n]=FAIL; still+=("$n"); fi
      reasons[$n]=$why
    done
    pending=("\${still[@]}")
    if [ "\${#pending[@]}" -eq 0 ] || [ "$SECONDS" -ge "$end" ]; then return; fi
    sleep 5
  done
}

# ---------------------------------------------------------------- survives
# A survives expectation fails each single link (both ends) or device (all its links) with
# \`ip link set … down\` inside the containers, re-checks its expectations, and restores the
# interfaces and the routes the node OS had on them. Only with --survives: it disturbs the lab.
surv_names=()
declare -A surv_targets=()
# Indexed: failures run in the lab's order.
declare -a fail_owner=() fail_label=() fail_ends=()
survives() {
  surv_names+=("$1")
  surv_targets[$1]=$(printf '%q ' "\${@:2}")
}
# failure SURVIVES LABEL NODE IFNAME [NODE IFNAME...]
failure() {
  fail_owner+=("$1")
  fail_label+=("$2")
  fail_ends+=("$(printf '%q ' "\${@:3}")")
}

declare -A saved_routes=()
links_down() {
  while [ "$#" -ge 2 ]; do
    saved_routes["$1/$2"]=$(rl_exec "$1" ip -4 route show dev "$2" proto boot 2>/dev/null || true)
    rl_exec "$1" ip link set "$2" down || echo "verify.sh: could not set $2 down on $1" >&2
    shift 2
  done
}
links_up() {
  local line words=()
  while [ "$#" -ge 2 ]; do
    rl_exec "$1" ip link set "$2" up || echo "verify.sh: could not set $2 up on $1" >&2
    while IFS= read -r line; do
      [ -n "$line" ] || continue
      read -r -a words <<<"$line"
      rl_exec "$1" ip route replace "\${words[@]}" dev "$2" || true
    done <<<"\${saved_routes["$1/$2"]:-}"
    shift 2
  done
}

run_survives() {
  local s i n targets=() ends=() broken=() bnames=() lines=() total bad first
  for s in "\${surv_names[@]}"; do
    eval "targets=(\${surv_targets[$s]})"
    # Only expectations verify.sh could register (e.g. not a route on an L2 bridge).
    for i in "\${!targets[@]}"; do
      if [ -z "\${checks[\${targets[$i]}]+set}" ]; then unset 'targets[i]'; fi
    done
    targets=("\${targets[@]}")
    total=0 bad=0 first='' lines=()
    for i in "\${!fail_owner[@]}"; do
      [ "\${fail_owner[$i]}" = "$s" ] || continue
      eval "ends=(\${fail_ends[$i]})"
      total=$((total + 1))
      echo "verify.sh: \${fail_label[$i]} …" >&2
      links_down "\${ends[@]}"
      sleep "\${SURVIVES_SETTLE:-15}"
      broken=() bnames=()
      if [ "\${#targets[@]}" -gt 0 ]; then
        check_until "\${SURVIVES_DEADLINE:-30}" "\${targets[@]}"
        for n in "\${targets[@]}"; do
          if [ "\${verdict[$n]}" = FAIL ]; then broken+=("$n (\${reasons[$n]})") bnames+=("$n"); fi
        done
      fi
      links_up "\${ends[@]}"
      if [ "\${#broken[@]}" -gt 0 ]; then
        bad=$((bad + 1))
        if [ -z "$first" ]; then first="\${fail_label[$i]} breaks $(printf '%s, ' "\${bnames[@]}")"; first=\${first%, }; fi
        lines+=("        \${fail_label[$i]}: $(printf '%s; ' "\${broken[@]}")")
        lines[-1]=\${lines[-1]%; }
      fi
      if [ "\${#targets[@]}" -gt 0 ]; then
        check_until "\${VERIFY_DEADLINE:-120}" "\${targets[@]}"
        for n in "\${targets[@]}"; do
          if [ "\${verdict[$n]}" = FAIL ]; then echo "verify.sh: after restoring, $n still fails: \${reasons[$n]}" >&2; fi
        done
      fi
    done
    if [ "$bad" -gt 0 ]; then
      printf 'FAIL  %s  %s of %s single failures break something; first: %s\\n' "$s" "$bad" "$total" "$first"
      printf '%s\\n' "\${lines[@]}"
      failures=$((failures + 1))
    else
      printf 'PASS  %s  all %s expectation(s) hold under each of %s single failures\\n' "$s" "\${#targets[@]}" "$total"
    fi
  done
}
`;
