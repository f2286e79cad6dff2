#!/usr/bin/env bash
# Terminal questionnaire benchmark (release build): handling a key and redrawing the screen with
# the in-memory terminal (target: median under 1 ms), and the time from starting `dxready take`
# to its first screen in a real terminal (tmux; target: under 200 ms).
# Usage: bash Benchmarks/take.sh [KEYS]. Figures are recorded in Benchmarks/README.md.
set -euo pipefail
cd "$(dirname "$0")/.."
keys=${1:-20000}
command -v tmux >/dev/null || { echo "take.sh: tmux is missing (apt-get install tmux)" >&2; exit 1; }

swift build -c release >/dev/null 2>&1
bin=$(pwd)/.build/release
work=$(mktemp -d)
sock="$work/tmux.sock"
trap 'tmux -S "$sock" kill-server 2>/dev/null || true; rm -rf "$work"' EXIT

echo "key handling and redraw ($keys keys, in-memory terminal):"
$bin/dxready-tui-bench Questionnaires "$keys" | sed 's/^/  /'

echo
echo "start to first screen (dxready take in tmux 100×30, 11 runs; polled every 2 ms):"
times=()
for run in $(seq 11); do
  tmux -S "$sock" kill-server 2>/dev/null || true
  sock="$work/tmux-$run.sock"
  tmux -S "$sock" -u new-session -d -x 100 -y 30 -e LC_ALL=C.UTF-8 -e TERM=xterm-256color "bash --norc --noprofile"
  sleep 0.3
  start=$(date +%s%N)
  tmux -S "$sock" -u send-keys "DXREADY_DATABASE=$work/db.sqlite $bin/dxready take" Enter
  until tmux -S "$sock" -u capture-pane -p | grep -q "Tiếng Việt"; do sleep 0.002; done
  times+=("$(( ($(date +%s%N) - start) / 1000000 ))")
done
tmux -S "$sock" kill-server 2>/dev/null || true
sorted=$(printf '%s\n' "${times[@]}" | sort -n)
echo "  runs (ms): $(echo $sorted)"
echo "  median $(echo "$sorted" | sed -n 6p) ms"
