#!/usr/bin/env bash
# Builds and runs the libFuzzer targets, each for a bounded time (default 60 s; CI uses the
# default). Seeds: tests/fuzz/corpus/ (configs), tests/fuzz/corpus-table/ (CSV files, for
# table_fuzz) and tests/fuzz/regressions/ (inputs that once crashed, replayed first). New interesting inputs go to build-fuzz/corpus-<target>/, which
# persists between local runs. A crash leaves its input in build-fuzz/ and fails the script.
# Usage: scripts/fuzz.sh [seconds-per-target]    e.g. scripts/fuzz.sh 1800 for a long local run
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/setup.sh"
seconds=${1:-60}
"$DESCENT_ROOT/scripts/build-fuzz.sh"
fuzz="$DESCENT_ROOT/tests/fuzz"
out="$DESCENT_ROOT/build-fuzz"
status=0
for target in config_fuzz run_fuzz table_fuzz; do
  seeds="$fuzz/corpus" dict="$fuzz/config.dict"
  if [ "$target" = table_fuzz ]; then seeds="$fuzz/corpus-table" dict="$fuzz/table.dict"; fi
  mkdir -p "$out/corpus-$target"
  echo "--- $target for $seconds s"
  # One job, no forking: the machine's cores are shared. -max_len matches the targets' cap.
  log="$out/$target.log"
  rc=0
  (cd "$out" && UBSAN_OPTIONS=print_stacktrace=1 "$out/$target" -max_total_time="$seconds" \
    -max_len=4096 -timeout=10 -rss_limit_mb=2048 -dict="$dict" \
    -print_final_stats=1 "$out/corpus-$target" "$seeds" "$fuzz/regressions" \
    >"$log" 2>&1) || rc=$?
  grep -E "^(#[0-9]+ +(DONE|INITED)|stat::number_of_executed_units|Done [0-9]+ runs)" "$log" || true
  if [ $rc -ne 0 ]; then
    status=1
    tail -n 60 "$log"
  fi
done
exit $status
