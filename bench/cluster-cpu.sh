#!/usr/bin/env bash
# What a private message costs Redis and the nodes of a small local cluster (docs/benchmarks.md; results in
# docs/performance.md, "Redis' work per message"): NODES nodes on one redis-server (`parley cluster start`), USERS
# users sending private messages (LOAD: a window, or --rate for a fixed rate), after a warm-up run. CPU time of Redis
# and of the nodes from /proc over MEASURE seconds in the middle of the send phase, divided by the messages Redis
# published meanwhile (one per append), and Redis' INFO commandstats for the script calls.
#   bench/cluster-cpu.sh
#   LOAD="--rate 1000" JAR=/tmp/other/parley.jar bench/cluster-cpu.sh
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
JAR=${JAR:-$here/app/target/parley.jar}
NODES=${NODES:-2}
USERS=${USERS:-600}
LOAD=${LOAD:---window 2}
SECONDS_SENDING=${SECONDS_SENDING:-40}
MEASURE=${MEASURE:-15}
NODE_JAVA_OPTS=${NODE_JAVA_OPTS:--Xmx512m -XX:+UseG1GC}
DIR=$(mktemp -d /tmp/parley-cluster-cpu.XXXXXX)
cd "$DIR"
stop() { java -jar "$JAR" cluster stop >/dev/null 2>&1 || true; }
trap stop EXIT
# Password hashing at cost 4, as imbench runs Parley: at the default cost 10 the 600 logins of the measured run take
# most of the nodes' CPU for half a minute, and would be counted against the messages.
java -jar "$JAR" cluster start --nodes "$NODES" --load-test --bcrypt-cost 4 --node-opt "--io-threads 1" \
    --java-opts "$NODE_JAVA_OPTS" >start.out 2>&1
servers=$(tail -1 start.out)
read -r redis_pid redis_port node_pids < <(python3 -c "
import json; d = json.load(open('cluster/cluster.json')); r = d['redis']
print(r['pid'], r['port'], ','.join(str(n['pid']) for n in d['nodes']))")
ticks() { # user + system CPU of the given pids, in clock ticks (fields 14 and 15 of /proc/PID/stat)
    local total=0 pid
    for pid in ${1//,/ }; do total=$((total + $(awk '{print $14 + $15}' "/proc/$pid/stat"))); done
    echo "$total"
}
published() { redis-cli -p "$redis_port" INFO commandstats | grep -oP 'cmdstat_publish:calls=\K[0-9]+' || echo 0; }
bench=(java -jar "$JAR" bench private --servers "$servers" --users "$USERS" --threads 1 --quiet)
# shellcheck disable=SC2086 # LOAD is options
"${bench[@]}" $LOAD --duration 20 >warm-up.out 2>&1
# shellcheck disable=SC2086
"${bench[@]}" --no-register $LOAD --duration "$SECONDS_SENDING" >run.out 2>&1 &
bench_pid=$!
# The logins come first: wait until messages flow, then a little more.
last=$(published)
for _ in $(seq 120); do
    sleep 1
    now=$(published)
    [ $((now - last)) -gt 500 ] && break
    last=$now
done
sleep 3
r0=$(ticks "$redis_pid"); n0=$(ticks "$node_pids"); p0=$(published)
sleep "$MEASURE"
r1=$(ticks "$redis_pid"); n1=$(ticks "$node_pids"); p1=$(published)
wait "$bench_pid"
grep -E 'delivered|latency ms|lost' run.out | grep -v login
hz=$(getconf CLK_TCK)
python3 -c "n = $p1 - $p0; print('%d messages in $MEASURE s; Redis %.1f us, nodes %.1f us of CPU per message'
      % (n, ($r1 - $r0) * 1e6 / $hz / n, ($n1 - $n0) * 1e6 / $hz / n))"
redis-cli -p "$redis_port" INFO commandstats | grep -E 'cmdstat_(evalsha|publish):'
echo "logs in $DIR"
