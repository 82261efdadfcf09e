#!/usr/bin/env bash
# Whole-process timings of actwiz against references, each comparison in one
# hyperfine run so that both sides see the same machine load; the ratios
# are what to read (absolute times move with the load). See BENCHMARKS.md.
#
#   bench/compare.sh            # RUNS=20 by default; RUNS=5 for a quick look
#   SKIP_BUILD=1 bench/compare.sh   # use target/release/actwiz as it is
#   (MIN_TUI=PATH and GEN_CATALOG=PATH name the bench executables to use)
#
# Needs hyperfine, fzf, python3 (for the pty) and /usr/bin/time (GNU time);
# on Debian they are installed when missing (as root).
#
# Each ratio is given twice: on the median wall-clock time, and on the mean
# CPU time (user + system), which a busy machine disturbs less.
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=${RUNS:-20}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export ACTWIZ_LANG=en XDG_CACHE_HOME="$work/cache" LOCALAPPDATA="$work/cache"
unset ACTWIZ_NO_CACHE ACTWIZ_CONFIG NO_COLOR
export XDG_CONFIG_HOME="$work/no-config"

missing=()
command -v hyperfine >/dev/null || missing+=(hyperfine)
command -v fzf >/dev/null || missing+=(fzf)
command -v python3 >/dev/null || missing+=(python3)
[ -x /usr/bin/time ] || missing+=(time)
if [ ${#missing[@]} -gt 0 ]; then
  echo "== installing ${missing[*]}" >&2
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

bench_exe() { # the executable of a harness-less bench target
  cargo bench --no-run --quiet --bench "$1" --message-format=json 2>/dev/null |
    python3 -c 'import json,sys
for l in sys.stdin:
    m=json.loads(l)
    if m.get("reason")=="compiler-artifact" and m["target"]["name"]==sys.argv[1] and m.get("executable"): print(m["executable"])' "$1" | tail -1
}
if [ -z "${SKIP_BUILD:-}" ]; then
  echo "== building (release)" >&2
  cargo build --release --quiet --bin actwiz
fi
min_tui=${MIN_TUI:-$(bench_exe min_tui)}
gen_catalog=${GEN_CATALOG:-$(bench_exe gen_catalog)}
actwiz=$PWD/target/release/actwiz
printf 'fn main() { println!("hello"); }\n' >"$work/hello.rs"
rustc -O -o "$work/hello" "$work/hello.rs"

load() { cut -d' ' -f1-3 /proc/loadavg; }
echo "== machine"
echo "$(lscpu | sed -n 's/^Model name: *//p'), $(nproc) cores, $(uname -sr); $(date -u '+%Y-%m-%d %H:%M UTC'); load: $(load)"
echo "actwiz $(git rev-parse --short HEAD 2>/dev/null || echo '?'), RUNS=$RUNS"

stat() { # median wall (ms) or mean CPU (ms) of command $3 in hyperfine json $2
  python3 -c 'import json,sys
r=[x for x in json.load(open(sys.argv[1]))["results"] if x["command"]==sys.argv[2]][0]
v=r["median"] if sys.argv[3]=="wall" else r["user"]+r["system"]
print("%.2f" % (v*1000))' "$2" "$3" "$1"
}
ratio() { python3 -c 'import sys; print("%.2f" % (float(sys.argv[1])/max(float(sys.argv[2]),1e-9)))' "$1" "$2"; }
# compare JSON NAME REFERENCE TARGET: one line with both ratios
compare() {
  local a b ca cb
  a=$(stat wall "$1" "$2"); b=$(stat wall "$1" "$3")
  ca=$(stat cpu "$1" "$2"); cb=$(stat cpu "$1" "$3")
  echo "$2 / $3: wall $a / $b ms = $(ratio "$a" "$b"); cpu $ca / $cb ms = $(ratio "$ca" "$cb") (target <= $4)"
}

query='no key management service could be contacted'
"$actwiz" list >"$work/builtin.txt"
echo "== built-in catalog ($(wc -l <"$work/builtin.txt") codes): search vs fzf --filter, lookup vs hello-world (load $(load))"
# Through a shell (fzf reads its lines from stdin); hyperfine subtracts the
# shell's own start-up.
hyperfine --style none --warmup 3 --runs "$RUNS" --export-json "$work/builtin.json" \
  -n search "$actwiz search '$query'" \
  -n fzf "fzf --filter '$query' <'$work/builtin.txt'" >/dev/null
# No shell here (-N): neither needs one, and at about a millisecond the
# shell's own start-up, which hyperfine subtracts, is most of the time.
hyperfine -N --style none --warmup 3 --runs "$((RUNS * 2))" --export-json "$work/lookup.json" \
  -n lookup "$actwiz lookup 0xC004F074" \
  -n hello "$work/hello" >/dev/null
compare "$work/builtin.json" search fzf 0.5
compare "$work/lookup.json" lookup hello 3

echo "== first frame in an 80x24 pty: actwiz vs a minimal ratatui app (load $(load))"
# Markers: one word each (ratatui moves the cursor over blanks), drawn
# last: actwiz's footer, the reference's text.
python3 bench/first_frame.py "$RUNS" "clear/quit" -- "$actwiz" ++ "ratatui" -- "$min_tui" |
  sed 's/^ratio (median)/first frame ratio (median wall; target <= 2)/'

echo "== generated catalog of 10,000 codes"
"$gen_catalog" "$work" 2>&1
flows="$work/flows"
bytes=$(cat "$flows"/*.yaml | wc -c)
echo "cold load (load $(load))"
hyperfine --style none -N --runs 3 --export-json "$work/cold.json" \
  -n cold "$actwiz --no-cache --flows '$flows' list" >/dev/null
c=$(stat wall "$work/cold.json" cold); cc=$(stat cpu "$work/cold.json" cold)
mb=$(python3 -c "print('%.1f' % ($bytes/1e6))")
echo "cold load (read, parse, validate; --no-cache) of $mb MB: wall $c ms = $(python3 -c "print('%.1f' % ($bytes/1e6/($c/1000)))") MB/s; cpu $cc ms = $(python3 -c "print('%.1f' % ($bytes/1e6/($cc/1000)))") MB/s per CPU-second (target >= 25 MB/s)"
"$actwiz" --flows "$flows" list >"$work/lines.txt" # also fills the cache
# Six words of one message, ending with the two made-up words that tell it
# apart ("... activated for dritrace pelmon.").
query10k=$(awk 'NR==5000 { for (i = NF - 14; i <= NF - 9; i++) printf "%s ", $i }' "$work/lines.txt" | tr -d '.' | sed 's/ $//')
echo "warm search over $(wc -l <"$work/lines.txt") codes (load $(load)); query: $query10k"
hyperfine --style none --warmup 2 --runs "$RUNS" --export-json "$work/warm.json" \
  -n search "$actwiz --flows '$flows' search '$query10k'" \
  -n fzf "fzf --filter '$query10k' <'$work/lines.txt'" >/dev/null
compare "$work/warm.json" search fzf 1
for mode in warm cold; do
  extra=""; [ "$mode" = cold ] && extra="--no-cache"
  rss=$(/usr/bin/time -f %M "$actwiz" $extra --flows "$flows" search "$query10k" 2>&1 >/dev/null | tail -1)
  echo "peak RSS, $mode search on 10,000 codes: $((rss / 1024)) MB (target <= 150 warm)"
done
echo "== done (load $(load))"
