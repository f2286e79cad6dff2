#!/usr/bin/env bash
# Field bundles (release build):
#   - create: `dxready bundle create` of COUNT submitted assessments from an SQLite laptop
#     database (3 runs);
#   - import: `dxready bundle import` of that bundle, signature and checksums verified, into a
#     new SQLite database and into a new PostgreSQL database (3 runs each).
# PostgreSQL: a throwaway cluster in a temporary folder (initdb, pg_ctl; as the postgres user
# when run as root), or DXREADY_BENCH_POSTGRES_URL naming a server whose user may create
# databases; without either, the PostgreSQL runs are left out and the script says so.
#
# Usage: bash Benchmarks/bundles.sh [COUNT]   (default 100000)
# Figures are recorded in Benchmarks/README.md.
set -euo pipefail
cd "$(dirname "$0")/.."
count=${1:-100000}

fail() { echo "bundles.sh: $*" >&2; exit 1; }
swift build -c release --static-swift-stdlib --scratch-path .build-static >/dev/null 2>&1 \
  || fail "the release build failed (swift build -c release --static-swift-stdlib)"
bin=.build-static/release
work=$(mktemp -d)
chmod 755 "$work"
export DXREADY_QUESTIONNAIRES=$PWD/Questionnaires
now() { date +%s%N; }
ms() { echo $(( ($(now) - $1) / 1000000 )); }

server=""
if [ -n "${DXREADY_BENCH_POSTGRES_URL:-}" ]; then
  server=$DXREADY_BENCH_POSTGRES_URL
  trap 'rm -rf "$work"' EXIT
elif pgbin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1) && [ -x "$pgbin/initdb" ]; then
  as=(); [ "$(id -u)" = 0 ] && { chown postgres "$work"; as=(runuser -u postgres --); }
  "${as[@]}" "$pgbin/initdb" -D "$work/data" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
  "${as[@]}" "$pgbin/pg_ctl" -D "$work/data" -l "$work/log" -w \
    -o "-p 5434 -k $work -c listen_addresses='' -c shared_buffers=1GB" start >/dev/null
  trap '"${as[@]}" "$pgbin/pg_ctl" -D "$work/data" -m fast stop >/dev/null; rm -rf "$work"' EXIT
  server="postgresql://postgres@/postgres?host=$work&port=5434"
else
  trap 'rm -rf "$work"' EXIT
  echo "bundles.sh: no PostgreSQL here (apt-get install postgresql): its runs are left out" >&2
fi

echo "storing $count synthetic assessments in a laptop's database..."
$bin/dxready-synth --count "$count" --database "$work/laptop.sqlite" --seed 31 >/dev/null
$bin/dxready keys init --name bench-laptop --key "$work/key" >/dev/null

echo
echo "bundle create: $count assessments, 3 runs"
for run in 1 2 3; do
  rm -f "$work/field.zip"
  start=$(now)
  $bin/dxready bundle create -o "$work/field.zip" --key "$work/key" --database "$work/laptop.sqlite" >/dev/null
  echo "  run $run: $(ms "$start") ms"
done
ls -l "$work/field.zip" | awk '{print "  bundle: " $5 " bytes"}'

echo
echo "bundle import: $count assessments into a new database, 3 runs each"
engines=(sqlite)
[ -n "$server" ] && engines+=(postgres)
for engine in "${engines[@]}"; do
  for run in 1 2 3; do
    if [ "$engine" = sqlite ]; then
      db="$work/office.sqlite"; rm -f "$db"*
    else
      psql -X -q "$server" -c "DROP DATABASE IF EXISTS bench_bundle" -c "CREATE DATABASE bench_bundle"
      db="${server/\/postgres\?//bench_bundle?}"
      $bin/dxready db init --database "$db" >/dev/null
    fi
    $bin/dxready keys trust "$work/key.pub" --database "$db" >/dev/null
    start=$(now)
    $bin/dxready bundle import "$work/field.zip" --database "$db" >/dev/null
    elapsed=$(ms "$start")
    echo "  $engine run $run: ${elapsed} ms = $(( count * 1000 / elapsed )) assessments/s"
  done
done
