#!/bin/bash
# Worker scaling through the CLI on a many-core machine (#31: 16 workers >= 0.85 x 16, 8 >= 0.9 x 8):
# REPS replications of three-regions at HORIZON (about 1 s each on a 2026 server core) on 1, 4, 8
# and 16 workers, start-up included, and 16 workers again with Node's default 4 helper threads
# (--v8-pool-size=4: what a study got before the CLI sized V8's pool to its workers) and with the
# engine compiled beside the lanes (--concurrent-recompilation: what a study got before lanes that
# fill the cores compiled in their own threads, src/experiment/laneCompiles.ts). Every output
# is compared byte for byte with the 1-worker one. Prints a table and writes it to $OUT (if set).
#
# The lent device machine has no Node. Prepare here, then run there with the build carried:
#   bash bench/manyCores.sh --pack        # writes .device/node.xz (ignored by git)
#   run: bash bench/manyCores.sh          # carry: .device, dist, node_modules/tinypool
set -euo pipefail
cd "$(dirname "$0")/.."

if [[ "${1:-}" == "--pack" ]]; then
  mkdir -p .device
  xz -T0 -6 -c "$(command -v node)" > .device/node.xz
  echo "wrote .device/node.xz ($(du -h .device/node.xz | cut -f1)); carry .device, dist and node_modules/tinypool"
  exit 0
fi

NODE=$(command -v node || true)
if [[ -z "$NODE" ]]; then
  NODE=$(mktemp -d)/node
  xz -dc .device/node.xz > "$NODE"
  chmod +x "$NODE"
fi
REPS=${REPS:-100}
HORIZON=${HORIZON:-12000}
WORKERS=${WORKERS:-"1 4 8 16"}
WORK=$(mktemp -d)
REPORT=${OUT:-$WORK}/manyCores.txt
STUDY=(run scenarios/three-regions.json --replications "$REPS" --set "horizon=$HORIZON" --json)

{
  echo "node $("$NODE" --version), $(nproc) cores: $(lscpu 2>/dev/null | grep -E '^(Model name|Thread\(s\) per core|Core\(s\) per socket|Socket\(s\))' | tr -s ' ' | paste -sd ';' -)"
  echo "$REPS replications of three-regions at horizon $HORIZON through the CLI, start-up included"
} | tee "$REPORT"

# seconds of one CLI study; its output goes to $WORK/$1.json
timed() {
  local name=$1
  shift
  local start end
  start=$(date +%s.%N)
  "$NODE" "$@" > "$WORK/$name.json"
  end=$(date +%s.%N)
  awk -v a="$start" -v b="$end" 'BEGIN { printf "%.3f", b - a }'
}

# a / b / c, for the efficiencies (awk: the machine may lack bc)
ratio() { awk -v a="$1" -v b="$2" -v c="$3" 'BEGIN { printf "%.2f", a / b / c }'; }

one=""
for w in $WORKERS; do
  s=$(timed "w$w" bin/lbsim.js "${STUDY[@]}" --workers "$w")
  [[ -z "$one" ]] && one=$s
  same=$(cmp -s "$WORK/w1.json" "$WORK/w$w.json" && echo "same bytes" || echo "OUTPUT DIFFERS")
  printf '%2s workers: %8.2f s  %6s of %sx one worker  %s\n' "$w" "$s" "$(ratio "$one" "$s" "$w")" "$w" "$same" | tee -a "$REPORT"
done
last=${WORKERS##* }
s=$(timed "w${last}pool4" --v8-pool-size=4 bin/lbsim.js "${STUDY[@]}" --workers "$last")
same=$(cmp -s "$WORK/w1.json" "$WORK/w${last}pool4.json" && echo "same bytes" || echo "OUTPUT DIFFERS")
printf '%2s workers, 4 helper threads: %8.2f s  %6s of %sx one worker  %s\n' "$last" "$s" "$(ratio "$one" "$s" "$last")" "$last" "$same" | tee -a "$REPORT"
s=$(timed "w${last}beside" --concurrent-recompilation bin/lbsim.js "${STUDY[@]}" --workers "$last")
same=$(cmp -s "$WORK/w1.json" "$WORK/w${last}beside.json" && echo "same bytes" || echo "OUTPUT DIFFERS")
printf '%2s workers, compiling beside the lanes: %8.2f s  %6s of %sx one worker  %s\n' "$last" "$s" "$(ratio "$one" "$s" "$last")" "$last" "$same" | tee -a "$REPORT"
