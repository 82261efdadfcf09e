#!/usr/bin/env bash
# Fills the winget template from the files of a dist release.
# Usage: packaging/winget/fill.sh VERSION DIST_DIR [PRODUCT_CODE] > actwiz.yaml
#   DIST_DIR holds actwiz-x86_64-pc-windows-msvc.{msi,zip} (e.g. target/distrib).
#   PRODUCT_CODE is the MSI's ProductCode, as `msiinfo export` or Orca shows it;
#   without it the ProductCode line is left out (winget refuses an empty one).
# The download addresses come from `repository` in Cargo.toml, the one place
# the project's address is set (dist's release workflow uses it too).
set -euo pipefail
version=$1 dir=$2 product=${3:-}
here=$(dirname "$0")
repository=$(sed -n 's/^repository = "\(.*\)"$/\1/p' "$here/../../Cargo.toml" | head -n 1)
if [ -z "$repository" ]; then
    echo "fill.sh: no repository = \"...\" line in Cargo.toml" >&2
    exit 1
fi
sum() { sha256sum "$dir/$1" | cut -d' ' -f1 | tr a-f A-F; }
msi_sum=$(sum actwiz-x86_64-pc-windows-msvc.msi)
zip_sum=$(sum actwiz-x86_64-pc-windows-msvc.zip)
if [ -n "$product" ]; then
    product_line="s|{{MSI_PRODUCT_CODE}}|$product|"
else
    product_line="/{{MSI_PRODUCT_CODE}}/d"
fi
sed -e "s|{{VERSION}}|$version|g" \
    -e "s|{{REPOSITORY}}|$repository|g" \
    -e "s|{{MSI_SHA256}}|$msi_sum|" \
    -e "s|{{ZIP_SHA256}}|$zip_sum|" \
    -e "$product_line" \
    "$here/actwiz.yaml.template"
