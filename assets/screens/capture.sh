#!/bin/bash
# Drives the wizard in tmux and saves a text capture of each screen.
# Usage: cargo build, then bash assets/screens/capture.sh [OUT_DIR] (needs tmux).
# Each capture is what an agent sees at 100x30 (the last one at 50x12).
set -e
BIN=${ACTWIZ_BIN:-$(cd "$(dirname "$0")/../.." && pwd)/target/debug/actwiz}
OUT=${1:-$(cd "$(dirname "$0")" && pwd)}
mkdir -p "$OUT"
cd "$(mktemp -d)"
cap() { sleep 0.6; tmux capture-pane -p -t s > "$OUT/$1.txt"; }
start() { tmux kill-session -t s 2>/dev/null || true; tmux new-session -d -s s -x ${W:-100} -y ${H:-30} "ACTWIZ_CLIPBOARD=osc52 $BIN --lang en $*; sleep 100"; sleep 4; }
start
cap 01-search-empty
tmux send-keys -t s 'kms host'; cap 02-search-results
tmux send-keys -t s C-u; for i in 1 2 3 4 5 6 7 8; do tmux send-keys -t s BSpace; done
tmux send-keys -t s '0xC004F075'; cap 03-search-unknown-code
start 0xC004F074
cap 04-flow-question
tmux send-keys -t s 3; cap 05-flow-second-question
tmux send-keys -t s 3; cap 06-resolution
tmux send-keys -t s 3; sleep 0.3; tmux send-keys -t s Enter; sleep 0.3; tmux send-keys -t s 'kms; del *' Enter; cap 07-form-error
tmux send-keys -t s BSpace BSpace BSpace BSpace BSpace BSpace BSpace '1.contoso.com' Enter; sleep 0.3; tmux send-keys -t s Enter; cap 08-copied
tmux send-keys -t s s; cap 09-transcript-saved
tmux send-keys -t s L; cap 10-resolution-fr
tmux send-keys -t s '?'; cap 11-help-fr
tmux send-keys -t s Escape; sleep 0.5; tmux send-keys -t s L; sleep 0.3; tmux send-keys -t s '?'; cap 12-help
tmux send-keys -t s Escape; sleep 0.3
tmux resize-window -t s -x 50 -y 12; cap 13-too-small
tmux kill-session -t s
