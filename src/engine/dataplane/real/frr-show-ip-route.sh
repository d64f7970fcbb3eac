#!/usr/bin/env bash
# One FRR 8.4 router (zebra + staticd) in a network namespace, to read how `show ip route` and the
# kernel's `ip route` print connected, static ECMP, recursive, blackhole and admin-distance cases.
# Run as root: bash src/engine/dataplane/real/frr-show-ip-route.sh   (tears down on exit)
set -euo pipefail
P=dp4f
D=/run/dp4f
PIDS=()
cleanup() {
  for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done
  sleep 0.5
  ip netns del $P.r1 2>/dev/null || true
  ip netns del $P.peer 2>/dev/null || true
  rm -rf $D
}
trap cleanup EXIT
cleanup
ip netns add $P.r1
ip netns add $P.peer
for n in r1 peer; do ip -n $P.$n link set lo up; done
ip link add eth1 netns $P.r1 type veth peer name p1 netns $P.peer
ip link add eth2 netns $P.r1 type veth peer name p2 netns $P.peer
for i in eth1 eth2; do ip -n $P.r1 link set $i up; done
for i in p1 p2; do ip -n $P.peer link set $i up; done
ip -n $P.r1 addr add 10.9.0.1/32 dev lo
ip -n $P.r1 addr add 10.9.12.1/24 dev eth1
ip -n $P.r1 addr add 10.9.13.1/24 dev eth2
ip -n $P.peer addr add 10.9.12.2/24 dev p1
ip -n $P.peer addr add 10.9.13.3/24 dev p2
mkdir -p $D && chown frr:frr $D
common=(--vty_socket "$D" -z "$D/zserv.api" -u frr -g frr -f /dev/null)
ip netns exec $P.r1 /usr/lib/frr/zebra -d -i $D/zebra.pid -P 0 "${common[@]}" --log file:$D/zebra.log
for _ in $(seq 50); do [ -S $D/zserv.api ] && break; sleep 0.1; done
ip netns exec $P.r1 /usr/lib/frr/staticd -d -i $D/staticd.pid -P 0 "${common[@]}" --log file:$D/staticd.log
PIDS=("$(cat $D/zebra.pid)" "$(cat $D/staticd.pid)")
sleep 1
cat > $D/frr.conf <<'CONF'
ip route 10.9.4.0/24 10.9.12.2
ip route 10.9.4.0/24 10.9.13.3
ip route 10.5.0.0/16 10.9.4.2
ip route 10.6.0.0/16 blackhole
ip route 10.7.0.0/16 10.9.12.2 200
ip route 10.7.0.0/16 10.9.13.3 150
ip route 10.8.0.0/24 eth1
CONF
chown frr:frr $D/frr.conf
ip netns exec $P.r1 vtysh --vty_socket $D -f $D/frr.conf
sleep 1
echo "== show ip route"
ip netns exec $P.r1 vtysh --vty_socket $D -c 'show ip route' | sed 's/, [0-9][0-9]:[0-9][0-9]:[0-9][0-9]$//'
echo "== ip route"
ip -n $P.r1 route
