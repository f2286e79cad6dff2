#!/usr/bin/env bash
# Review screens benchmark (release build): with N assessments stored, the time from starting
# `dxready review` to its first queue screen in a real terminal (tmux; target under 200 ms at
# 100,000), and a key typed into the search, the queue filtered and redrawn (in-memory
# terminal; target: median under 30 ms at 100,000).
# Usage: bash Benchmarks/review.sh [COUNT] [DATABASE]. Figures are recorded in Benchmarks/README.md.
set -euo pipefail
cd "$(dirname "$0")/.."
count=${1:-100000}
command -v tmux >/dev/null || { echo "review.sh: tmux is missing (apt-get install tmux)" >&2; exit 1; }

swift build -c release >/dev/null 2>&1 || { echo "review.sh: the release build failed" >&2; exit 1; }
bin=$(pwd)/.build/release
work=$(mktemp -d)
trap 'tmux -S "$work/tmux.sock" kill-server 2>/dev/null || true; rm -rf "$work"' EXIT
db=${2:-"$work/review.sqlite"}
if [ ! -e "$db" ]; then
  echo "generating $count synthetic assessments into $db ..."
  $bin/dxready-synth --count "$count" --database "$db" --seed 31
fi

echo "search key + filter + redraw ($count rows in the queue, in-memory terminal):"
$bin/dxready-tui-bench Questionnaires review "$count" | sed 's/^/  /'

echo
echo "start to the first queue screen, its newest rows shown, and to the whole queue loaded"
echo "(dxready review in tmux 100×30, 11 runs; polled every 2 ms):"
first=()
whole=()
for run in $(seq 11); do
  sock="$work/tmux-$run.sock"
  tmux -S "$sock" -u new-session -d -x 100 -y 30 -e LC_ALL=C.UTF-8 -e TERM=xterm-256color "bash --norc --noprofile"
  sleep 0.3
  start=$(date +%s%N)
  tmux -S "$sock" -u send-keys "DXREADY_DATABASE=$db $bin/dxready review" Enter
  until tmux -S "$sock" -u capture-pane -p | grep -q "›"; do sleep 0.002; done
  first+=("$(( ($(date +%s%N) - start) / 1000000 ))")
  until tmux -S "$sock" -u capture-pane -p | grep -q "bài"; do sleep 0.002; done
  whole+=("$(( ($(date +%s%N) - start) / 1000000 ))")
  tmux -S "$sock" kill-server 2>/dev/null || true
done
for name in first whole; do
  declare -n list=$name
  sorted=$(printf '%s\n' "${list[@]}" | sort -n)
  echo "  $name (ms): $(echo $sorted); median $(echo "$sorted" | sed -n 6p) ms"
done
