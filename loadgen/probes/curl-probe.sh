#!/bin/bash
# probe.sh OUT SECONDS: every 0.5 s time one lobby browse (HTTP GET -> LobbyIndex) and /health/ready from curl, bypassing loadgen
OUT=$1; N=$(( $2 * 2 ))
TOK=$(curl -s -X POST -H 'Content-Type: application/json' -d '{"name":"probe"}' http://127.0.0.1:18282/v1/auth/guest | python3 -c 'import sys,json; d=json.load(sys.stdin); print(d.get("token") or d.get("accessToken"))')
for i in $(seq 1 $N); do
  b=$(curl -s -o /dev/null -m 10 -w "%{time_total}" -H "Authorization: Bearer $TOK" "http://127.0.0.1:18282/v1/lobby/rooms?mode=casual&open=true&limit=50")
  h=$(curl -s -o /dev/null -m 10 -w "%{time_total}" "http://127.0.0.1:18282/health/ready")
  echo "$(date +%T.%N | cut -c1-12) browse $b health $h" >> $OUT
  sleep 0.5
done
