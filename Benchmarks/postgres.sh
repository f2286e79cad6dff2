#!/usr/bin/env bash
# PostgreSQL benchmark, with SQLite's figures from the same run beside it (release build):
#   - import: `dxready import` of IMPORT_COUNT JSON answers files into a new database;
#   - stats: `dxready stats --by locality --by sector` over COUNT stored assessments (7 runs);
#   - publish: `dxready publish` of every table over the same COUNT (PostgreSQL only).
# A throwaway PostgreSQL cluster is made in a temporary folder (initdb, pg_ctl; as the
# postgres user when run as root), or DXREADY_BENCH_POSTGRES_URL names a server whose user may
# create databases.
#
# Usage: bash Benchmarks/postgres.sh [COUNT] [IMPORT_COUNT]   (defaults 100000 and 20000)
# Figures are recorded in Benchmarks/README.md.
set -euo pipefail
cd "$(dirname "$0")/.."
count=${1:-100000}
import_count=${2:-20000}

fail() { echo "postgres.sh: $*" >&2; exit 1; }
swift build -c release --static-swift-stdlib --scratch-path .build-static >/dev/null 2>&1 \
  || fail "the release build failed (swift build -c release --static-swift-stdlib)"
bin=.build-static/release
work=$(mktemp -d)
chmod 755 "$work"
now() { date +%s%N; }
ms() { echo $(( ($(now) - $1) / 1000000 )); }
median() { sort -n | sed -n "$(( ($1 + 1) / 2 ))p"; }

if [ -n "${DXREADY_BENCH_POSTGRES_URL:-}" ]; then
  server=$DXREADY_BENCH_POSTGRES_URL
  trap 'rm -rf "$work"' EXIT
else
  pgbin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
  [ -x "$pgbin/initdb" ] || fail "PostgreSQL's initdb is missing (apt-get install postgresql)"
  as=(); [ "$(id -u)" = 0 ] && { chown postgres "$work"; as=(runuser -u postgres --); }
  "${as[@]}" "$pgbin/initdb" -D "$work/data" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
  # A server as shipped, but for shared_buffers (Debian's default of 128 MB is small for a
  # million assessments).
  "${as[@]}" "$pgbin/pg_ctl" -D "$work/data" -l "$work/log" -w \
    -o "-p 5433 -k $work -c listen_addresses='' -c shared_buffers=1GB" start >/dev/null
  trap '"${as[@]}" "$pgbin/pg_ctl" -D "$work/data" -m fast stop >/dev/null; rm -rf "$work"' EXIT
  server="postgresql://postgres@/postgres?host=$work&port=5433"
fi
database() { echo "${server/\/postgres\?//$1?}"; }
export PGOPTIONS="-c client_min_messages=warning"
psql -X -q "$server" -c "CREATE DATABASE bench_import" -c "CREATE DATABASE bench_stats"

echo "generating $import_count JSON answers files..."
$bin/dxready-synth --count "$import_count" --out "$work/json" --seed 1 --format json

echo
echo "import: $import_count files into a new database, 3 runs each"
for engine in sqlite postgres; do
  for run in 1 2 3; do
    if [ "$engine" = sqlite ]; then
      db="$work/import.sqlite"; rm -f "$db"*
    else
      db=$(database bench_import)
      psql -X -q "$db" -c "DROP SCHEMA IF EXISTS dxready CASCADE"
      $bin/dxready db init --database "$db" >/dev/null
    fi
    start=$(now)
    $bin/dxready import "$work/json" --database "$db" --quiet >/dev/null
    elapsed=$(ms "$start")
    echo "  $engine run $run: ${elapsed} ms = $(( import_count * 1000 / elapsed )) assessments/s"
  done
done

echo
echo "storing $count synthetic assessments in each database (dxready-synth --database)..."
stats_db=$(database bench_stats)
$bin/dxready db init --database "$stats_db" >/dev/null
for db in "$work/stats.sqlite" "$stats_db"; do
  start=$(now)
  $bin/dxready-synth --count "$count" --database "$db" --seed 21 >/dev/null
  echo "  $(ms "$start") ms into ${db%%\?*}"
done
psql -X -q "$stats_db" -c "VACUUM ANALYZE"

for db in "$work/stats.sqlite" "$stats_db"; do
  echo
  echo "dxready stats --by locality --by sector on ${db%%\?*}, 7 runs"
  times=()
  for run in 1 2 3 4 5 6 7; do
    start=$(now)
    $bin/dxready stats --database "$db" --by locality --by sector >/dev/null
    times+=("$(ms "$start")")
  done
  echo "  ${times[*]} ms; median $(printf '%s\n' "${times[@]}" | median 7) ms"
done

echo
echo "dxready publish (every table) over $count, 3 runs"
for run in 1 2 3; do
  start=$(now)
  $bin/dxready publish --database "$stats_db" | sed 's/^/  /'
  echo "  run $run: $(ms "$start") ms"
done
