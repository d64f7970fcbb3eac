#!/usr/bin/env bash
# A tiny static-route lab in network namespaces (no daemons) that checks two Linux behaviours the
# data plane models: which address a router answers a traceroute probe from, and ECMP next hops.
# Run as root: bash src/engine/dataplane/real/hop-address-lab.sh   (tears everything down on exit)
#
#   src 10.9.1.2 ── r1 ──ECMP──┬── r2 (10.9.12.2 / 10.9.24.2) ──┐
#       10.9.1.1/24 ┘          └── r3 (10.9.13.3) ─ unnumbered ─┴── r4 ── dst 10.9.4.2
# r4's route back to 10.9.1.0/24 goes over the unnumbered link to r3, although probes via r2
# arrive on its numbered eth0: it must answer from its loopback 10.9.0.4.
set -euo pipefail
P=dp4x
NS=(src r1 r2 r3 r4 dst)
cleanup() { for n in "${NS[@]}"; do ip netns del "$P.$n" 2>/dev/null || true; done; }
trap cleanup EXIT
cleanup
for n in "${NS[@]}"; do
  ip netns add "$P.$n"
  ip -n "$P.$n" link set lo up
  # icmp_ratelimit=0: back-to-back traces otherwise lose ICMP replies to the per-peer token bucket.
  ip netns exec "$P.$n" sysctl -qw net.ipv4.ip_forward=1 net.ipv4.conf.all.rp_filter=0 net.ipv4.conf.default.rp_filter=0 net.ipv4.icmp_ratelimit=0
done
link() { ip link add "$2" netns "$P.$1" type veth peer name "$4" netns "$P.$3"; ip -n "$P.$1" link set "$2" up; ip -n "$P.$3" link set "$4" up; }
link src eth0 r1 eth0
link r1 eth1 r2 eth0
link r1 eth2 r3 eth0
link r2 eth1 r4 eth0
link r3 eth1 r4 eth1
link r4 eth2 dst eth0
a() { ip -n "$P.$1" addr add "$3" dev "$2"; }
a src eth0 10.9.1.2/24
a r1 eth0 10.9.1.1/24; a r1 eth1 10.9.12.1/24; a r1 eth2 10.9.13.1/24; a r1 lo 10.9.0.1/32
a r2 eth0 10.9.12.2/24; a r2 eth1 10.9.24.2/24; a r2 lo 10.9.0.2/32
a r3 eth0 10.9.13.3/24; a r3 lo 10.9.0.3/32
a r4 eth0 10.9.24.4/24; a r4 eth2 10.9.4.1/24; a r4 lo 10.9.0.4/32
a dst eth0 10.9.4.2/24
r() { local n=$1; shift; ip -n "$P.$n" route add "$@"; }
r src default via 10.9.1.1
r dst default via 10.9.4.1
r r1 10.9.4.0/24 nexthop via 10.9.12.2 dev eth1 weight 1 nexthop via 10.9.13.3 dev eth2 weight 1
r r2 10.9.4.0/24 via 10.9.24.4
r r2 10.9.1.0/24 via 10.9.12.1
r r3 10.9.0.4/32 dev eth1
r r3 10.9.4.0/24 via 10.9.0.4 dev eth1
r r3 10.9.1.0/24 via 10.9.13.1
r r4 10.9.0.3/32 dev eth1
r r4 10.9.1.0/24 via 10.9.0.3 dev eth1
sleep 1
echo "== r1 ip route"; ip -n "$P.r1" route
echo "== r3 ip route"; ip -n "$P.r3" route
echo "== traceroute -n from src (one flow: all probes hash alike)"
ip netns exec "$P.src" traceroute -n -q 1 -w 1 -m 8 10.9.4.2
echo "== traceroute -n from r1 itself (source = its route's preferred source)"
ip netns exec "$P.r1" traceroute -n -q 1 -w 1 -m 8 10.9.4.2
for s in 10.9.1.2 10.9.1.3 10.9.1.4 10.9.1.5 10.9.1.6; do
  echo "== r1: ip route get 10.9.4.2 from $s iif eth0"
  ip -n "$P.r1" route get 10.9.4.2 from "$s" iif eth0 | head -1
done
echo "== force the r3 branch: remove r1's ECMP, route via r3 only"
ip -n "$P.r1" route replace 10.9.4.0/24 via 10.9.13.3 dev eth2
ip netns exec "$P.src" traceroute -n -q 1 -w 1 -m 8 10.9.4.2
echo "== force the r2 branch"
ip -n "$P.r1" route replace 10.9.4.0/24 via 10.9.12.2 dev eth1
ip netns exec "$P.src" traceroute -n -q 1 -w 1 -m 8 10.9.4.2
echo "== blackhole at r4 for 10.9.4.2/32, no route at r2 for 10.9.7.7"
r r4 blackhole 10.9.4.2/32
ip netns exec "$P.src" traceroute -n -q 1 -w 1 -m 5 10.9.4.2 || true
r r1 10.9.7.0/24 via 10.9.12.2
ip netns exec "$P.src" traceroute -n -q 1 -w 1 -m 5 10.9.7.7 || true
echo "== loop: r2 sends 10.9.8.0/24 back to r1"
r r1 10.9.8.0/24 via 10.9.12.2
r r2 10.9.8.0/24 via 10.9.12.1
ip netns exec "$P.src" traceroute -n -q 1 -w 1 -m 6 10.9.8.8 || true
echo "== unreachable next hop: r1 routes 10.9.9.0/24 via 10.9.12.9, which nobody owns"
r r1 10.9.9.0/24 via 10.9.12.9
ip netns exec "$P.src" traceroute -n -q 1 -w 4 -m 4 10.9.9.9 || true
