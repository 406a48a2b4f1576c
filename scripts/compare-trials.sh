#!/usr/bin/env bash
# Benchmarks `scalebench compare` itself: how often it cries regression on unchanged code (A/A)
# and how often it catches a real 10 % slowdown (A/B).
#
#   scripts/compare-trials.sh [TRIALS]     (default 10; build first: swift build -c release)
#
# Each trial makes a throwaway git repository with two empty commits and benches `delay` on both
# (`--repeat 5`), then runs `compare HEAD~1 HEAD`. A/A: both sides wait constant:200us. A/B: the
# head waits constant:220us (completed ops/s about 10 % lower); its results file is relabelled
# 200us so compare matches the cells, as it would match one cell across two commits of real code.
# Prints per trial the metrics compare judged regressed, then both rates. Run it on a quiet
# machine: other work on the cores is noise the rates will include.
set -euo pipefail

trials=${1:-10}
bin=${SCALEBENCH:-$(cd "$(dirname "$0")/.." && pwd)/.build/release/scalebench}
bench_args=(--clients 4 --repeat 5 --duration 500ms --warmup 200ms)
[[ -x $bin ]] || { echo "error: $bin not found; run swift build -c release first (or set SCALEBENCH)" >&2; exit 64; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
git_quiet() { git -C "$1" -c user.name=trials -c user.email=trials@example.com "${@:2}" >/dev/null; }

# run_trial <kind> <index> <head latency>: prints the regressed metrics, returns compare's exit code.
run_trial() {
    local repo=$work/$1-$2/repo results=$work/$1-$2/results
    mkdir -p "$repo" "$results"
    git_quiet "$repo" init -q
    git_quiet "$repo" commit -q --allow-empty -m base
    "$bin" bench delay --set latency=constant:200us "${bench_args[@]}" --repository "$repo" --results-dir "$results" >/dev/null
    git_quiet "$repo" commit -q --allow-empty -m head
    "$bin" bench delay --set latency="constant:$3" "${bench_args[@]}" --repository "$repo" --results-dir "$results" >/dev/null
    local head_sha
    head_sha=$(git -C "$repo" rev-parse HEAD)
    sed -i "s/constant:$3/constant:200us/g" "$results/$head_sha"/*.json
    local code=0
    "$bin" compare HEAD~1 HEAD --format csv --repository "$repo" --results-dir "$results" >"$work/$1-$2.csv" || code=$?
    # The metric column of every row whose verdict (last column) is "regressed".
    awk -F, '{ sub(/\r$/, "") } $NF == "regressed" { printf "%s ", $3 }' "$work/$1-$2.csv"
    return $code
}

for kind in aa ab; do
    head_latency=200us
    [[ $kind == ab ]] && head_latency=220us
    flagged=0
    throughput_flagged=0
    for trial in $(seq 1 "$trials"); do
        code=0
        regressed=$(run_trial "$kind" "$trial" "$head_latency") || code=$?
        [[ $code == 0 || $code == 2 ]] || { echo "error: compare exited $code in $kind trial $trial" >&2; exit 1; }
        [[ $code == 2 ]] && flagged=$((flagged + 1))
        [[ $regressed == *throughput* ]] && throughput_flagged=$((throughput_flagged + 1))
        echo "$kind trial $trial: exit $code; regressed: ${regressed:-none}"
    done
    if [[ $kind == aa ]]; then
        echo "A/A: $flagged of $trials trials reported a regression (false positives; goal: at most 1 in 10)"
    else
        echo "A/B (10 % slower): throughput regression caught in $throughput_flagged of $trials trials (goal: 10 of 10)"
    fi
done
