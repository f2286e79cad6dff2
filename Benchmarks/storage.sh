#!/usr/bin/env bash
# Storage benchmarks: `dxready import` throughput and `dxready list` latency, on a release build
# and on-disk SQLite databases. Usage: bash Benchmarks/storage.sh [IMPORT_COUNT] [LIST_COUNT]
# Figures are recorded in Benchmarks/README.md.
set -euo pipefail
cd "$(dirname "$0")/.."
import_count=${1:-20000}
list_count=${2:-100000}

# The release binary as installed (README, "Installing for everyday use"): Swift's runtime and
# Foundation linked in, built in its own folder, as statistics.sh and bundles.sh build it.
swift build -c release --static-swift-stdlib --scratch-path .build-static >/dev/null 2>&1 \
  || { echo "storage.sh: the release build failed (swift build -c release --static-swift-stdlib)" >&2; exit 1; }
bin=.build-static/release
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

now() { date +%s%N; }
ms() { echo $(( ($(now) - $1) / 1000000 )); }

echo "generating synthetic enterprise-dx answers files (every shown question answered)..."
$bin/dxready-synth --count "$import_count" --out "$work/json" --seed 1 --format json
$bin/dxready-synth --count "$import_count" --out "$work/yaml" --seed 1 --format yaml
$bin/dxready-synth --count "$list_count" --out "$work/list" --seed 2 --format json

for format in json yaml; do
  echo
  echo "import: $import_count $format files into a new on-disk database, 3 runs"
  for run in 1 2 3; do
    rm -f "$work"/import.sqlite*
    sync
    start=$(now)
    /usr/bin/time -f "%M" -o "$work/mem" \
      $bin/dxready import "$work/$format" --database "$work/import.sqlite" --quiet >/dev/null
    elapsed=$(ms "$start")
    echo "  run $run: ${elapsed} ms = $(( import_count * 1000 / elapsed )) assessments/s," \
      "peak memory $(( $(cat "$work/mem") / 1024 )) MiB"
  done
done

echo
echo "list: first page with $list_count assessments stored"
start=$(now)
$bin/dxready import "$work/list" --database "$work/list.sqlite" --quiet >/dev/null
echo "  (imported $list_count in $(ms "$start") ms)"
times=()
for run in $(seq 1 21); do
  start=$(now)
  $bin/dxready list --database "$work/list.sqlite" >/dev/null
  times+=("$(( ($(now) - start) / 100000 ))")
done
sorted=$(printf '%s\n' "${times[@]}" | sort -n)
median=$(echo "$sorted" | sed -n 11p)
worst=$(echo "$sorted" | tail -1)
echo "  dxready list, whole process, 21 runs: median $((median / 10)).$((median % 10)) ms, worst $((worst / 10)).$((worst % 10)) ms"
