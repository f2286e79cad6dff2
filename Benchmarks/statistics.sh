#!/usr/bin/env bash
# Statistics benchmark: `dxready stats --by locality --by sector` over N stored assessments
# (release build, SQLite), against the sqlite3 command computing counts and means (no
# quartiles) from the same data. Usage: bash Benchmarks/statistics.sh [COUNT]
set -euo pipefail
cd "$(dirname "$0")/.."
count=${1:-100000}

swift build -c release >/dev/null 2>&1
bin=.build/release
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
db="$work/stats.sqlite"

now() { date +%s%N; }
echo "generating $count synthetic assessments straight into $db ..."
start=$(now)
$bin/dxready-synth --count "$count" --database "$db" --seed 21
echo "  ($(( ($(now) - start) / 1000000 )) ms)"

median() { sort -n | sed -n "$(( ($1 + 1) / 2 ))p"; }

echo
echo "dxready stats --by locality --by sector --format json, 5 runs"
times=()
for run in 1 2 3 4 5; do
  start=$(now)
  /usr/bin/time -f "%M" -o "$work/mem" $bin/dxready stats --database "$db" --by locality --by sector --format json >/dev/null
  times+=("$(( ($(now) - start) / 1000000 ))")
  echo "  run $run: ${times[-1]} ms, peak memory $(( $(cat "$work/mem") / 1024 )) MiB"
done
ours=$(printf '%s\n' "${times[@]}" | median 5)

echo
echo "sqlite3: the same selection, counts, level counts and means (no quartiles), 3 runs"
sql="WITH latest AS (SELECT max(seq) AS seq FROM assessment WHERE questionnaire_id = 'enterprise-dx'
       AND status IN ('submitted', 'reviewed') GROUP BY business_id)
     SELECT a.locality, a.vsic_section, count(DISTINCT a.seq),
       count(DISTINCT CASE WHEN a.overall_level = 0 THEN a.seq END),
       count(DISTINCT CASE WHEN a.overall_level = 1 THEN a.seq END),
       count(DISTINCT CASE WHEN a.overall_level = 2 THEN a.seq END),
       count(DISTINCT CASE WHEN a.overall_level = 3 THEN a.seq END),
       count(DISTINCT CASE WHEN a.overall_level = 4 THEN a.seq END),
       count(DISTINCT CASE WHEN a.overall_level = 5 THEN a.seq END),
       avg(CASE WHEN d.dimension_id = 'customer' THEN a.overall_score END),
       avg(CASE WHEN d.dimension_id = 'customer' THEN d.score END),
       avg(CASE WHEN d.dimension_id = 'strategy' THEN d.score END),
       avg(CASE WHEN d.dimension_id = 'infrastructure' THEN d.score END),
       avg(CASE WHEN d.dimension_id = 'operations' THEN d.score END),
       avg(CASE WHEN d.dimension_id = 'people' THEN d.score END),
       avg(CASE WHEN d.dimension_id = 'data' THEN d.score END)
     FROM assessment a JOIN latest USING (seq) LEFT JOIN dimension_score d ON d.assessment = a.seq
     GROUP BY a.locality, a.vsic_section;"
stimes=()
for run in 1 2 3; do
  start=$(now)
  sqlite3 "$db" "$sql" >/dev/null
  stimes+=("$(( ($(now) - start) / 1000000 ))")
  echo "  run $run: ${stimes[-1]} ms"
done
theirs=$(printf '%s\n' "${stimes[@]}" | median 3)
echo
echo "median: dxready ${ours} ms, sqlite3 ${theirs} ms (ratio sqlite3/dxready: $(python3 -c "print(round($theirs / max($ours, 1), 2))"))"
