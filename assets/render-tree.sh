#!/usr/bin/env bash
# Regenerates the README's example tree from the flows in this repository:
#   assets/tree-example.svg   drawn by Graphviz from `actwiz export --format dot`
#   README.md                 the Mermaid block between the tree-example markers
# Usage: assets/render-tree.sh [CODE]   (default 0xC004C008; needs graphviz, python3)
set -euo pipefail
cd "$(dirname "$0")/.."
code=${1:-0xC004C008}
cargo build --quiet --bin actwiz
actwiz=target/debug/actwiz
"$actwiz" export --format dot --code "$code" --lang en | dot -Tsvg > assets/tree-example.svg
"$actwiz" export --format mermaid --code "$code" --lang en > target/tree-example.mmd
python3 - "$code" <<'PY'
import re, sys
code = sys.argv[1]
chart = open("target/tree-example.mmd", encoding="utf-8").read()
readme = open("README.md", encoding="utf-8").read()
block = f"<!-- tree-example:begin {code} -->\n```mermaid\n{chart}```\n<!-- tree-example:end -->"
new, count = re.subn(r"<!-- tree-example:begin[^>]*-->.*?<!-- tree-example:end -->", lambda _: block, readme, flags=re.S)
if count != 1:
    sys.exit("README.md has no tree-example markers")
open("README.md", "w", encoding="utf-8").write(new)
PY
echo "assets/tree-example.svg and README.md now show $code"
