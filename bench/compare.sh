#!/usr/bin/env bash
# Whole-process timings of actwiz against references, each comparison in one
# hyperfine run so that both sides see the same machine load; the ratios
# are what to read (absolute times move with the load). See BENCHMARKS.md.
#
#   bench/compare.sh            # RUNS=20 by default; RUNS=5 for a quick look
#
# Needs hyperfine, fzf, python3 (for the pty) and /usr/bin/time.
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=${RUNS:-20}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export ACTWIZ_LANG=en XDG_CACHE_HOME="$work/cache" LOCALAPPDATA="$work/cache"
unset ACTWIZ_NO_CACHE ACTWIZ_CONFIG
export XDG_CONFIG_HOME="$work/no-config"

echo "== building (release)" >&2
cargo build --release --quiet --bin actwiz
bench_exe() { # the executable of a harness-less bench target
  cargo bench --no-run --quiet --bench "$1" --message-format=json 2>/dev/null |
    python3 -c 'import json,sys
for l in sys.stdin:
    m=json.loads(l)
    if m.get("reason")=="compiler-artifact" and m["target"]["name"]==sys.argv[1] and m.get("executable"): print(m["executable"])' "$1" | tail -1
}
min_tui=$(bench_exe min_tui)
gen_catalog=$(bench_exe gen_catalog)
actwiz=$PWD/target/release/actwiz
printf 'fn main() { println!("hello"); }\n' >"$work/hello.rs"
rustc -O -o "$work/hello" "$work/hello.rs"

echo "== machine"
echo "$(lscpu | sed -n 's/^Model name: *//p'), $(nproc) cores, $(uname -sr); load: $(cut -d' ' -f1-3 /proc/loadavg)"

median() { # median (ms) of command $2 in hyperfine json $1
  python3 -c 'import json,sys
r=[x for x in json.load(open(sys.argv[1]))["results"] if x["command"]==sys.argv[2]][0]
print("%.2f" % (r["median"]*1000))' "$1" "$2"
}
ratio() { python3 -c 'import sys; print("%.2f" % (float(sys.argv[1])/float(sys.argv[2])))' "$1" "$2"; }

query='no key management service could be contacted'
"$actwiz" list >"$work/builtin.txt"
echo "== built-in catalog ($(wc -l <"$work/builtin.txt") codes): search vs fzf --filter, lookup vs hello-world"
hyperfine --style basic --warmup 3 --runs "$RUNS" --export-json "$work/builtin.json" \
  -n search "$actwiz search '$query' >/dev/null" \
  -n fzf "fzf --filter '$query' <'$work/builtin.txt' >/dev/null" \
  -n lookup "$actwiz lookup 0xC004F074 >/dev/null" \
  -n hello "$work/hello >/dev/null" >&2
s=$(median "$work/builtin.json" search); f=$(median "$work/builtin.json" fzf)
l=$(median "$work/builtin.json" lookup); h=$(median "$work/builtin.json" hello)
echo "search $s ms / fzf --filter $f ms = $(ratio "$s" "$f") (target <= 0.5)"
echo "lookup $l ms / hello-world $h ms = $(ratio "$l" "$h") (target <= 3)"

echo "== first frame in an 80x24 pty: actwiz vs a minimal ratatui app"
python3 bench/first_frame.py "$RUNS" "activation error" -- "$actwiz" ++ "hello ratatui" -- "$min_tui" |
  sed 's/^ratio (median)/first frame ratio (median, target <= 2)/'

echo "== generated catalog of 10,000 codes"
"$gen_catalog" "$work" 2>&1
flows="$work/flows"
bytes=$(cat "$flows"/*.yaml | wc -c)
hyperfine --style basic --runs 3 --export-json "$work/cold.json" \
  -n cold "$actwiz --no-cache --flows '$flows' list >/dev/null" >&2
c=$(median "$work/cold.json" cold)
echo "cold load (read, parse, validate; --no-cache): $c ms for $((bytes / 1000000)) MB = $(python3 -c "print('%.1f' % ($bytes/1e6/($c/1000)))") MB/s (target >= 25)"
"$actwiz" --flows "$flows" list >"$work/lines.txt" # also fills the cache
# Six words of one message, ending with the two made-up words that tell it
# apart ("... activated for dritrace pelmon.").
query10k=$(awk 'NR==5000 { for (i = NF - 14; i <= NF - 9; i++) printf "%s ", $i }' "$work/lines.txt" | tr -d '.' | sed 's/ $//')
hyperfine --style basic --warmup 2 --runs "$RUNS" --export-json "$work/warm.json" \
  -n search "$actwiz --flows '$flows' search '$query10k' >/dev/null" \
  -n fzf "fzf --filter '$query10k' <'$work/lines.txt' >/dev/null" >&2
s=$(median "$work/warm.json" search); f=$(median "$work/warm.json" fzf)
echo "warm search $s ms / fzf --filter $f ms over the same $(wc -l <"$work/lines.txt") lines = $(ratio "$s" "$f") (target <= 1); query: $query10k"
for mode in warm cold; do
  extra=""; [ "$mode" = cold ] && extra="--no-cache"
  rss=$(/usr/bin/time -f %M "$actwiz" $extra --flows "$flows" search "$query10k" 2>&1 >/dev/null | tail -1)
  echo "peak RSS, $mode search on 10,000 codes: $((rss / 1024)) MB (target <= 150 warm)"
done
