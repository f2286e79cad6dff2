#!/usr/bin/env bash
# Statistics benchmark: `dxready stats --by locality --by sector` over N stored assessments
# (release build, SQLite), against the sqlite3 command computing counts, level counts and means
# (no quartiles) from the same database, and DuckDB (when the Python module is installed:
# `pip install duckdb`) computing the same figures with quartiles from the same rows.
#
# As root it also times the same `stats` cold: the page cache dropped before each run.
#
# Usage: bash Benchmarks/statistics.sh [COUNT] [DATABASE]
#   COUNT     assessments to generate (default 100000)
#   DATABASE  keep the generated database at this path, or reuse it if it exists (generating
#             1,000,000 takes several minutes)
# Figures are recorded in Benchmarks/README.md.
set -euo pipefail
cd "$(dirname "$0")/.."
count=${1:-100000}

command -v sqlite3 >/dev/null || { echo "statistics.sh: the sqlite3 command is missing (apt-get install sqlite3)" >&2; exit 1; }
# The release binary as installed (README, "Installing for everyday use"): Swift's runtime and
# Foundation linked in. Built in its own folder, so that the usual .build stays as it is.
swift build -c release --static-swift-stdlib --scratch-path .build-static >/dev/null 2>&1 \
  || { echo "statistics.sh: the release build failed (swift build -c release --static-swift-stdlib)" >&2; exit 1; }
bin=.build-static/release
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
db=${2:-"$work/stats.sqlite"}

now() { date +%s%N; }
median() { sort -n | sed -n "$(( ($1 + 1) / 2 ))p"; }

if [ -e "$db" ]; then
  echo "reusing $db ($(sqlite3 "$db" "SELECT count(*) FROM assessment") assessments)"
else
  echo "generating $count synthetic assessments straight into $db ..."
  start=$(now)
  $bin/dxready-synth --count "$count" --database "$db" --seed 21
  echo "  ($(( ($(now) - start) / 1000000 )) ms)"
fi

ours=()
for format in table json; do
  echo
  echo "dxready stats --by locality --by sector --format $format (whole process), 7 runs"
  times=()
  for run in 1 2 3 4 5 6 7; do
    start=$(now)
    /usr/bin/time -f "%M" -o "$work/mem" $bin/dxready stats --database "$db" --by locality --by sector \
      --format "$format" >/dev/null
    times+=("$(( ($(now) - start) / 1000000 ))")
    echo "  run $run: ${times[-1]} ms, peak memory $(( $(cat "$work/mem") / 1024 )) MiB"
  done
  m=$(printf '%s\n' "${times[@]}" | median 7)
  echo "  median ${m} ms"
  ours+=("$m")
done

# Cold: the first `stats` after a restart, when nothing of the binary or the database is in
# the page cache (dropped before each run; needs root).
# cold_runs BINARY_FIRST: 5 runs, the page cache dropped before each; with BINARY_FIRST=yes the
# binary runs once after the drop, so that only the database is read from disk.
cold_runs() {
  local times=()
  for run in 1 2 3 4 5; do
    sync
    echo 3 > /proc/sys/vm/drop_caches
    if [ "$1" = yes ]; then $bin/dxready stats --help >/dev/null; fi
    start=$(now)
    $bin/dxready stats --database "$db" --by locality --by sector >/dev/null
    times+=("$(( ($(now) - start) / 1000000 ))")
    echo "  run $run: ${times[-1]} ms"
  done
  echo "  median $(printf '%s\n' "${times[@]}" | median 5) ms"
}
if [ "$(id -u)" = 0 ] && [ -w /proc/sys/vm/drop_caches ]; then
  echo
  echo "dxready stats --by locality --by sector, cold (page cache dropped before each run), 5 runs"
  cold_runs no
  echo "the same with only the database cold (the binary run once after the drop), 5 runs"
  cold_runs yes
else
  echo
  echo "cold runs left out: dropping the page cache needs root"
fi

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
sq=$(printf '%s\n' "${stimes[@]}" | median 3)

dk=""
if python3 -c "import duckdb" 2>/dev/null; then
  echo
  echo "DuckDB $(python3 -c 'import duckdb; print(duckdb.__version__)'): counts, level counts, means and"
  echo "quartiles of the overall score and six dimensions by locality × sector with margins, from one"
  echo "row per business (the same selection, exported from SQLite beforehand, not timed), 3 runs"
  sqlite3 -csv -header "$db" "
    WITH latest AS (SELECT max(seq) AS seq FROM assessment WHERE questionnaire_id = 'enterprise-dx'
      AND status IN ('submitted', 'reviewed') GROUP BY business_id)
    SELECT a.locality, a.vsic_section AS section, a.overall_level AS level, a.overall_score AS overall,
      max(CASE WHEN d.dimension_id = 'customer' THEN d.score END) AS customer,
      max(CASE WHEN d.dimension_id = 'strategy' THEN d.score END) AS strategy,
      max(CASE WHEN d.dimension_id = 'infrastructure' THEN d.score END) AS infrastructure,
      max(CASE WHEN d.dimension_id = 'operations' THEN d.score END) AS operations,
      max(CASE WHEN d.dimension_id = 'people' THEN d.score END) AS people,
      max(CASE WHEN d.dimension_id = 'data' THEN d.score END) AS data
    FROM assessment a JOIN latest USING (seq) LEFT JOIN dimension_score d ON d.assessment = a.seq
    GROUP BY a.seq" >"$work/latest.csv"
  dk=$(python3 - "$work/latest.csv" <<'PY'
import sys, time, statistics, duckdb
con = duckdb.connect()
con.execute(f"CREATE TABLE t AS SELECT * FROM read_csv_auto('{sys.argv[1]}')")
measures = ["overall", "customer", "strategy", "infrastructure", "operations", "people", "data"]
figures = ", ".join(
    f"avg({m}), quantile_disc({m}, 0.25), quantile_disc({m}, 0.5), quantile_disc({m}, 0.75)" for m in measures)
levels = ", ".join(f"count(*) FILTER (WHERE level = {l})" for l in range(6))
sql = f"""SELECT locality, section, count(*), {levels}, {figures} FROM t
          GROUP BY GROUPING SETS ((locality, section), (locality), (section), ())"""
times = []
for run in range(3):
    start = time.perf_counter()
    con.execute(sql).fetchall()
    times.append((time.perf_counter() - start) * 1000)
    print(f"  run {run + 1}: {times[-1]:.0f} ms", file=sys.stderr)
print(round(statistics.median(times)))
PY
)
fi

echo
echo "median: dxready ${ours[0]} ms (table), ${ours[1]} ms (json); sqlite3 ${sq} ms" \
  "(ratio sqlite3/dxready: $(python3 -c "print(round($sq / max(${ours[0]}, 1), 1))"))"
if [ -n "$dk" ]; then
  echo "DuckDB ${dk} ms in-process, data already loaded" \
    "(ratio DuckDB/dxready: $(python3 -c "print(round($dk / max(${ours[0]}, 1), 2))"))"
fi
