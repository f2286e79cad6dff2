#!/usr/bin/env bash
# Business reports benchmark (release build): `dxready report --all` writing one HTML report
# per stored assessment (target, report issue: 1,000 reports in under 10 s).
# Usage: bash Benchmarks/report.sh [COUNT]. Figures are recorded in Benchmarks/README.md.
set -euo pipefail
cd "$(dirname "$0")/.."
count=${1:-1000}
swift build -c release >/dev/null 2>&1 || { echo "report.sh: the release build failed" >&2; exit 1; }
bin=$(pwd)/.build/release
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
echo "generating a synthetic province of $count businesses ..."
# A synthetic province (dxready-synth --province): some businesses assessed twice, so that
# reports show the change since the previous assessment.
$bin/dxready-synth --count "$count" --database "$work/db.sqlite" --seed 7 --province >/dev/null
for format in html md; do
  times=()
  for run in 1 2 3; do
    rm -rf "$work/out"
    start=$(date +%s%N)
    DXREADY_DATABASE="$work/db.sqlite" $bin/dxready report --all --format "$format" -o "$work/out" 2>/dev/null
    times+=("$(( ($(date +%s%N) - start) / 1000000 ))")
  done
  files=$(ls "$work/out" | wc -l)
  echo "report --all --format $format: $files files; runs (ms): ${times[*]}"
done
