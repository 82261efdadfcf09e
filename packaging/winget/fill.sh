#!/usr/bin/env bash
# Fills the winget template from the files of a dist release.
# Usage: packaging/winget/fill.sh VERSION URL_BASE DIST_DIR [PRODUCT_CODE] > actwiz.yaml
#   DIST_DIR holds actwiz-x86_64-pc-windows-msvc.{msi,zip} (e.g. target/distrib).
#   PRODUCT_CODE is the MSI's ProductCode, as `msiinfo export` or Orca shows it.
set -euo pipefail
version=$1 url_base=$2 dir=$3 product=${4:-}
sum() { sha256sum "$dir/$1" | cut -d' ' -f1 | tr a-f A-F; }
sed -e "s|{{VERSION}}|$version|" \
    -e "s|{{URL_BASE}}|$url_base|g" \
    -e "s|{{MSI_SHA256}}|$(sum actwiz-x86_64-pc-windows-msvc.msi)|" \
    -e "s|{{ZIP_SHA256}}|$(sum actwiz-x86_64-pc-windows-msvc.zip)|" \
    -e "s|{{MSI_PRODUCT_CODE}}|$product|" \
    "$(dirname "$0")/actwiz.yaml.template"
