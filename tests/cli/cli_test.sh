#!/usr/bin/env bash
# The descent CLI as a user drives it: exit codes, messages on stderr, JSON Lines output for
# a function, a synthetic set, a real set and modular arithmetic, and the catalog.
# Usage: cli_test.sh PATH/TO/descent
set -uo pipefail
descent=$1
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
passed=0
failed=0

ok() { passed=$((passed + 1)); }
fail() { failed=$((failed + 1)); echo "FAIL: $*"; }

# expect_error NAME CONFIG_TEXT STDERR_PATTERN: validate and run both exit non-zero (not a
# crash: exit code 1) and name the problem on stderr.
expect_error() {
  local name=$1 text=$2 pattern=$3
  printf '%s' "$text" >"$work/$name.json"
  for command in validate run; do
    "$descent" "$command" "$work/$name.json" >"$work/out" 2>"$work/err"
    local code=$?
    if [ $code -ne 1 ]; then
      fail "$name: descent $command exited $code (expected 1)"
    elif ! grep -qE "$pattern" "$work/err"; then
      fail "$name: descent $command stderr lacks /$pattern/: $(cat "$work/err")"
    elif [ -s "$work/out" ]; then
      fail "$name: descent $command wrote to stdout on error"
    else
      ok
    fi
  done
}

expect_error not_json '{"schema": 1,' 'not valid JSON'
expect_error empty '' 'not valid JSON'
expect_error array '[1, 2, 3]' 'must be a JSON object'
expect_error missing_problem '{"schema": 1, "optimizer": {"name": "sgd"}}' "problem.*missing"
expect_error unknown_optimizer '{"schema": 1, "problem": {"kind": "function", "name": "booth"}, "optimizer": {"name": "adamm"}}' "optimizer.name.*unknown optimizer 'adamm'"
expect_error wrong_type '{"schema": 1, "problem": {"kind": "function", "name": "booth"}, "optimizer": {"name": "sgd", "lr": "fast"}}' 'optimizer.lr.*a number from'
expect_error negative_size '{"schema": 1, "problem": {"kind": "dataset", "name": "moons", "n": -5}, "optimizer": {"name": "sgd"}}' 'problem.n.*integer from 10'
expect_error huge_size '{"schema": 1, "problem": {"kind": "dataset", "name": "moons"}, "model": {"hidden": [1024, 1024, 1024]}, "optimizer": {"name": "sgd"}}' 'model.hidden.*parameters; the limit is 1000000'
expect_error huge_number '{"schema": 1, "problem": {"kind": "function", "name": "booth"}, "optimizer": {"name": "sgd", "lr": 1e999}}' 'not valid JSON'
expect_error unknown_field '{"schema": 1, "problem": {"kind": "function", "name": "booth"}, "optimizer": {"name": "sgd"}, "epochs": 3}' "unknown field 'epochs'"
expect_error logistic_three_classes '{"schema": 1, "problem": {"kind": "dataset", "name": "iris"}, "model": {"loss": "logistic"}, "optimizer": {"name": "sgd"}}' 'logistic.*2 classes'

# usage errors exit 2
"$descent" >/dev/null 2>&1; [ $? -eq 2 ] && ok || fail "no arguments should exit 2"
"$descent" frobnicate >/dev/null 2>&1; [ $? -eq 2 ] && ok || fail "unknown command should exit 2"
"$descent" run /nonexistent.json >/dev/null 2>"$work/err"; [ $? -eq 1 ] && grep -q "cannot read" "$work/err" && ok || fail "missing file"

# expect_run NAME CONFIG_TEXT ROWS PYTHON_CHECK: runs, checks the row count and the last row.
expect_run() {
  local name=$1 text=$2 rows=$3 check=$4
  printf '%s' "$text" >"$work/$name.json"
  if ! "$descent" run "$work/$name.json" --out "$work/$name.jsonl" 2>"$work/err"; then
    fail "$name: run failed: $(cat "$work/err")"
    return
  fi
  local lines
  lines=$(wc -l <"$work/$name.jsonl")
  if [ "$lines" -ne $((rows + 1)) ]; then
    fail "$name: $lines lines, expected $rows rows and the final object"
    return
  fi
  if python3 - "$work/$name.jsonl" <<PY; then ok; else fail "$name: $check"; fi
import json, math, sys
rows = [json.loads(l) for l in open(sys.argv[1])]
final = rows.pop()
assert final["status"] == "ok", final
last = rows[-1]
assert all(math.isfinite(r["loss"]) for r in rows)
assert $check, last
PY
}

expect_run function '{"schema": 1, "problem": {"kind": "function", "name": "rosenbrock", "start": [-1.5, 2.0]}, "optimizer": {"name": "adam", "lr": 0.05}, "steps": 2000}' 2001 \
  'abs(last["x"][0] - 1) < 0.05 and abs(last["x"][1] - 1) < 0.1 and last["loss"] < 1e-3'
expect_run synthetic '{"schema": 1, "seed": 1, "problem": {"kind": "dataset", "name": "moons"}, "model": {"hidden": [16], "activation": "relu", "init": "he_uniform", "loss": "cross_entropy"}, "optimizer": {"name": "adam", "lr": 0.01}, "batch_size": 32, "steps": 1000, "eval_every": 100}' 11 \
  'last["accuracy"] > 0.95 and last["test_accuracy"] > 0.9'
expect_run real '{"schema": 1, "seed": 1, "problem": {"kind": "dataset", "name": "iris"}, "model": {"hidden": [16], "loss": "cross_entropy"}, "optimizer": {"name": "adam", "lr": 0.01}, "batch_size": 16, "steps": 600, "eval_every": 200}' 4 \
  'last["test_accuracy"] > 0.85'
expect_run modular '{"schema": 1, "seed": 1, "problem": {"kind": "dataset", "name": "modular", "p": 23, "train_fraction": 0.6}, "model": {"hidden": [128], "activation": "relu", "init": "he_uniform", "loss": "cross_entropy"}, "optimizer": {"name": "adam", "lr": 0.003}, "batch_size": 0, "steps": 400, "eval_every": 100}' 5 \
  'last["accuracy"] == 1.0'

# A diverging run: status diverged with its step, exit 0, message on stderr, no NaN rows.
printf '%s' '{"schema": 1, "problem": {"kind": "function", "name": "quartic", "start": [2, 2]}, "optimizer": {"name": "sgd", "lr": 1.0}, "steps": 100}' >"$work/div.json"
if "$descent" run "$work/div.json" >"$work/div.jsonl" 2>"$work/err" && grep -q "diverged at step" "$work/err" &&
  tail -1 "$work/div.jsonl" | grep -q '"status":"diverged"' && ! grep -qi nan "$work/div.jsonl"; then
  ok
else
  fail "diverging run"
fi

# The catalog lists every optimizer with its paper.
if "$descent" catalog | python3 -c '
import json, sys
c = json.load(sys.stdin)
assert len(c["optimizers"]) >= 10
for o in c["optimizers"] + c["schedules"] + c["transforms"] + c["functions"] + c["datasets"]:
    assert o["citation"]["title"] and o["citation"]["year"] > 1900, o["name"]
'; then ok; else fail "catalog citations"; fi

# Feedback schedules have no preview; the refined schedule previews from its norms.
plateau="$work/plateau.json"
echo '{"schema": 1, "problem": {"kind": "function", "name": "booth"}, "optimizer": {"name": "sgd", "lr": 0.1}, "schedule": {"name": "reduce_on_plateau", "patience": 2}, "steps": 50}' >"$plateau"
if ! "$descent" schedule "$plateau" >/dev/null 2>"$work/err" && grep -q "depends on the run" "$work/err" &&
  "$descent" run "$plateau" | python3 -c '
import json, sys
rows = [json.loads(l) for l in sys.stdin]
assert rows[-1] == {"status": "ok", "step": 50}, rows[-1]
assert all(r["lr"] <= 0.1 for r in rows[1:-1])
'; then ok; else fail "reduce_on_plateau"; fi
refined="$work/refined.json"
echo '{"schema": 1, "problem": {"kind": "function", "name": "booth"}, "optimizer": {"name": "sgd", "lr": 0.1}, "schedule": {"name": "refined", "grad_norms": [2, 2, 2]}, "steps": 5}' >"$refined"
if [ "$("$descent" schedule "$refined")" = "[0.1,0.07500000000000001,0.05,0.025,0.0]" ]; then ok; else fail "refined schedule"; fi
if "$descent" catalog | python3 -c '
import json, sys
c = json.load(sys.stdin)
s = {e["name"]: e for e in c["schedules"]}
assert s["reduce_on_plateau"]["needs_feedback"] and not s["refined"]["needs_feedback"]
assert "stablemax" in [l["name"] for l in c["model"]["losses"]]
'; then ok; else fail "catalog: feedback schedules and stablemax"; fi

# A user's table (problem.kind "table"): the file at problem.path (relative to the config),
# checked against problem.sha256 when given. The UCI iris table read as CSV trains exactly as
# the built-in iris set.
tables=$(cd "$(dirname "$0")/../fixtures/tables" && pwd)
cp "$tables/iris.csv" "$work/iris.csv"
run_tail='"model": {"hidden": [8]}, "optimizer": {"name": "adam", "lr": 0.01}, "batch_size": 16, "steps": 60, "eval_every": 20}'
echo "{\"schema\": 1, \"seed\": 4, \"problem\": {\"kind\": \"table\", \"path\": \"iris.csv\", \"label\": \"label\", \"test_fraction\": 0.25}, $run_tail" >"$work/table.json"
echo "{\"schema\": 1, \"seed\": 4, \"problem\": {\"kind\": \"dataset\", \"name\": \"iris\", \"test_fraction\": 0.25}, $run_tail" >"$work/builtin.json"
if "$descent" run "$work/table.json" --out "$work/table.jsonl" && "$descent" run "$work/builtin.json" --out "$work/builtin.jsonl" && cmp -s "$work/table.jsonl" "$work/builtin.jsonl" && [ "$(wc -l <"$work/table.jsonl")" -gt 3 ]; then ok; else fail "iris as a table differs from the built-in iris"; fi
iris_sha=$(sha256sum "$work/iris.csv" | cut -d' ' -f1)
if "$descent" validate "$work/table.json" | grep -q "\"sha256\": \"$iris_sha\""; then ok; else fail "table: the normal form names the file's SHA-256"; fi
expect_error table_other_file "{\"schema\": 1, \"problem\": {\"kind\": \"table\", \"path\": \"iris.csv\", \"sha256\": \"$(printf '0%.0s' $(seq 64))\", \"label\": \"label\"}, \"optimizer\": {\"name\": \"sgd\"}}" 'problem.sha256: .*a different file; refusing'
printf 'x,y\n1,0\n,1\n2,1\n' >"$work/holes.csv"
expect_error table_missing_value '{"schema": 1, "problem": {"kind": "table", "path": "holes.csv", "label": "y"}, "optimizer": {"name": "sgd"}}' "row 2 \(line 3\), column 'x': a missing value"
expect_error table_no_file '{"schema": 1, "problem": {"kind": "table", "path": "nowhere.csv", "label": "y"}, "optimizer": {"name": "sgd"}}' 'problem.path: cannot read'
expect_error table_unknown_label '{"schema": 1, "problem": {"kind": "table", "path": "iris.csv", "label": "species"}, "optimizer": {"name": "sgd"}}' "problem.label.*'species'.*no such column"

echo "cli: $passed passed, $failed failed"
[ $failed -eq 0 ]
