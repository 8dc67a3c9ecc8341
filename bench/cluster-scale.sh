#!/usr/bin/env bash
# The cluster at scale on one machine (docs/benchmarks.md; results in docs/performance.md, "Cluster"): USERS users
# held by HOLDERS bench processes (a process may hold at most 20,000 open files) over a local cluster of NODES node
# processes on one Redis. While they are all online: the nodes' memory and their CPU with nothing sent, cross-node
# private messages from one more bench process, then broadcasts whose reach is read from every listener's JSON. Each
# measured phase follows an unmeasured warm-up, and CPU per message goes to cost.txt. Writes everything to $DIR.
#   bench/cluster-scale.sh                       # 100,000 users, 6 nodes
#   USERS=20000 NODES=3 HOLDERS=2 bench/cluster-scale.sh
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
JAR=${JAR:-$here/app/target/parley.jar}
DIR=${DIR:-$(mktemp -d /tmp/parley-scale.XXXXXX)}
NODES=${NODES:-6}
USERS=${USERS:-100000}
HOLDERS=${HOLDERS:-6}
BASE_PORT=${BASE_PORT:-19000}
REPEATS=${REPEATS:-5}
# Untimed rounds first, so that the figures are those of compiled code: a node's message paths are still
# interpreted after it has only logged users in (in a 3-node private run, 4,700 msg/s cold against 10,000 warm).
WARMUP_REPEATS=${WARMUP_REPEATS:-3}
WARMUP_SECONDS=${WARMUP_SECONDS:-20}
PRIVATE_USERS=${PRIVATE_USERS:-3000}
PRIVATE_WINDOW=${PRIVATE_WINDOW:-2}
PRIVATE_SECONDS=${PRIVATE_SECONDS:-30}
NODE_JAVA_OPTS=${NODE_JAVA_OPTS:--Xmx768m -XX:+UseG1GC}
# Six nodes share two cores here: one event loop each wakes less (docs/cluster.md, "Several nodes on one machine").
NODE_ARGS=${NODE_ARGS:---io-threads 1}
BENCH_JAVA_OPTS=${BENCH_JAVA_OPTS:--Xmx1g}
mkdir -p "$DIR"
log() { echo "[$(date +%T)] $*" >&2; }
# CPU time (user + system) of the given processes, in clock ticks: what a phase cost the machine.
ticks() { local t=0 p; for p in "$@"; do t=$((t + $(awk '{print $14 + $15}' "/proc/$p/stat"))); done; echo "$t"; }
hz=$(getconf CLK_TCK)

# --load-test: every node lifts its per-address and per-user limits, which this one machine's crowd would hit.
servers=$(java -jar "$JAR" cluster start --nodes "$NODES" --load-test --base-port "$BASE_PORT" --dir "$DIR/cluster" \
  --bcrypt-cost 4 --java-opts "$NODE_JAVA_OPTS" --node-opt "$NODE_ARGS" --timeout 120)
redis_port=$(jq -r '.redis.port' "$DIR/cluster/cluster.json")
node_pids=$(jq -r '.nodes[].pid' "$DIR/cluster/cluster.json")
listeners=""
cleanup() {
  for pid in $listeners; do kill "$pid" 2>/dev/null || true; done
  java -jar "$JAR" cluster stop --dir "$DIR/cluster" >&2 || true
}
trap cleanup EXIT
log "cluster: $servers (redis on $redis_port)"

per=$((USERS / HOLDERS))
for ((k = 0; k < HOLDERS; k++)); do
  # shellcheck disable=SC2086
  java $BENCH_JAVA_OPTS -jar "$JAR" bench broadcast --listen --servers "$servers" --users "$per" \
    --repeats $((REPEATS + WARMUP_REPEATS)) --first-id $((1000000 + k * 100000)) --source-ips 16 --concurrency 64 --hold 1800 \
    --json "$DIR/listen$k.json" --quiet > "$DIR/listen$k.out" 2>&1 &
  listeners="$listeners $!"
done

online() {
  redis-cli -p "$redis_port" --no-raw eval \
    "local n = 0 for _, k in ipairs(redis.call('KEYS', 'parley:presence:node:*')) do n = n + redis.call('SCARD', k) end return n" 0 \
    | tr -dc '0-9'
}
started=$(date +%s)
while [ "$(online)" -lt $((per * HOLDERS)) ]; do
  log "online: $(online) of $((per * HOLDERS))"
  sleep 10
done
log "all $((per * HOLDERS)) online after $(($(date +%s) - started)) s"

total_kib=0
for pid in $node_pids; do
  rss=$(awk '/VmRSS/ {print $2}' "/proc/$pid/status")
  total_kib=$((total_kib + rss))
  echo "node pid $pid: RSS $((rss / 1024)) MiB" | tee -a "$DIR/memory.txt" >&2
done
echo "nodes: $NODES, users online: $((per * HOLDERS)), RSS total $((total_kib / 1024)) MiB," \
  "$((total_kib * 1024 / (per * HOLDERS))) bytes per connection" | tee -a "$DIR/memory.txt" >&2

# What holding everyone costs with nothing sent (heartbeats, timers, the JVMs): the background of the phases below.
IDLE_SECONDS=${IDLE_SECONDS:-30}
# shellcheck disable=SC2086
idle_before=$(ticks $node_pids)
sleep "$IDLE_SECONDS"
# shellcheck disable=SC2086
idle_ticks=$(($(ticks $node_pids) - idle_before))
echo "idle: the nodes used $((idle_ticks * 100 / hz / IDLE_SECONDS))% of one core" \
  "over $IDLE_SECONDS s with $((per * HOLDERS)) users online and nothing sent" | tee -a "$DIR/memory.txt" >&2

# Bound source addresses spread the connections over more ports than one address has (bind takes a port per
# address whatever the destination). A failed run is reported, and the broadcasts still go out.
private_run() { # seconds, json, out
  # shellcheck disable=SC2086
  java $BENCH_JAVA_OPTS -jar "$JAR" bench private --servers "$servers" --users "$PRIVATE_USERS" \
    --first-id 2000000 --window "$PRIVATE_WINDOW" --duration "$1" --concurrency 64 --source-ips 16 \
    --json "$2" --quiet > "$3" 2>&1 || log "private run failed: $(tail -1 "$3")"
}
if [ "$WARMUP_SECONDS" -gt 0 ]; then
  log "warm-up: private messages for $WARMUP_SECONDS s (not reported)"
  private_run "$WARMUP_SECONDS" "$DIR/private-warmup.json" "$DIR/private-warmup.out"
fi
log "private messages across nodes: $PRIVATE_USERS more users, window $PRIVATE_WINDOW, $PRIVATE_SECONDS s"
redis_pid=$(jq -r '.redis.pid' "$DIR/cluster/cluster.json")
# shellcheck disable=SC2086
nodes_before=$(ticks $node_pids)
redis_before=$(ticks "$redis_pid")
private_started=$(date +%s)
private_run "$PRIVATE_SECONDS" "$DIR/private.json" "$DIR/private.out"
# shellcheck disable=SC2086
nodes_used=$(($(ticks $node_pids) - nodes_before))
nodes_above_idle=$((nodes_used - idle_ticks * ($(date +%s) - private_started) / IDLE_SECONDS))
redis_used=$(($(ticks "$redis_pid") - redis_before))
cat "$DIR/private.out" >&2
delivered=$(jq '.deliveries.delivered // 0' "$DIR/private.json" 2>/dev/null || echo 0)
if [ "$delivered" -gt 0 ]; then
  # The bench reports its own CPU per message; with the nodes' and Redis's, what one message costs the machine.
  echo "private: $delivered delivered; CPU per delivered message: nodes $((nodes_used * 1000000 / hz / delivered)) µs" \
    "($((nodes_above_idle * 1000000 / hz / delivered)) µs above idle, logins and logouts included)," \
    "redis $((redis_used * 1000000 / hz / delivered)) µs," \
    "bench $(jq '.costs.benchCpuMicrosPerMessage | floor' "$DIR/private.json") µs" | tee "$DIR/cost.txt" >&2
fi

if [ "$WARMUP_REPEATS" -gt 0 ]; then
  log "warm-up: $WARMUP_REPEATS broadcasts (not reported)"
  java -jar "$JAR" bench broadcast --send --servers "${servers%%,*}" --first-id 1900000 --repeats "$WARMUP_REPEATS" \
    --wait-online $((per * HOLDERS + 1)) --interval 3000 --hold 600 --source-ips 16 \
    > "$DIR/send-warmup.out" 2>&1 || log "warm-up sender failed: $(tail -1 "$DIR/send-warmup.out")"
fi
log "broadcasts to everyone: $REPEATS"
# shellcheck disable=SC2086
fanout_before=$(ticks $node_pids)
fanout_started=$(date +%s)
java -jar "$JAR" bench broadcast --send --servers "${servers%%,*}" --first-id 1900000 --repeats "$REPEATS" \
  --wait-online $((per * HOLDERS + 1)) --interval 3000 --hold 600 --source-ips 16 --json "$DIR/send.json" \
  > "$DIR/send.out" 2>&1 || log "sender failed: $(tail -1 "$DIR/send.out")"
# shellcheck disable=SC2086
fanout_used=$(($(ticks $node_pids) - fanout_before))
fanout_above_idle=$((fanout_used - idle_ticks * ($(date +%s) - fanout_started) / IDLE_SECONDS))
cat "$DIR/send.out" >&2
# Listeners exit once they have heard every broadcast, so only the nodes' share is read here.
deliveries=$((REPEATS * per * HOLDERS))
echo "broadcasts: node CPU per delivery $((fanout_used * 1000000 / hz / deliveries)) µs," \
  "$((fanout_above_idle * 1000000 / hz / deliveries)) µs above idle" | tee -a "$DIR/cost.txt" >&2
for pid in $listeners; do wait "$pid" || log "listener $pid exited with $?"; done
listeners=""

# Per broadcast sent: how many users got it (must be all of them) and when the last did, after the server stored it.
jq -s '(.[0].extra.broadcasts | map(.msgId)) as $sent
       | [.[1:][].extra.broadcasts[] | select(.msgId as $m | $sent | index($m))]
       | group_by(.msgId)
       | map({msgId: .[0].msgId, users: (map(.receivers) | add), lastMs: (map(.maxLatencyMs) | max)})' \
  "$DIR/send.json" "$DIR"/listen*.json | tee "$DIR/reach.json"
log "results in $DIR"
