#!/bin/sh
# `make data`: download the public data sets jovis knows about into data/ (git-ignored), checking
# each file's sha256. The list is inputs/data_manifest.tsv: one "dest<TAB>sha256<TAB>url" a line.
# Usage: run/fetch_data.sh [MANIFEST] [DEST_ROOT]
set -eu
manifest=${1:-inputs/data_manifest.tsv}
root=${2:-data}
[ -f "$manifest" ] || { echo "fetch_data: no manifest '$manifest'" >&2; exit 1; }
if command -v curl >/dev/null 2>&1; then get="curl -fsSL -o"; elif command -v wget >/dev/null 2>&1; then get="wget -q -O"; else
  echo "fetch_data: need curl or wget (sudo apt-get install curl)" >&2; exit 1; fi
fetched=0; present=0; failed=0
while IFS="$(printf '\t')" read -r dest sum url; do
  case "$dest" in ''|'#'*) continue ;; esac
  out="$root/$dest"
  if [ -f "$out" ] && [ "$(sha256sum "$out" | cut -d' ' -f1)" = "$sum" ]; then present=$((present + 1)); continue; fi
  mkdir -p "$(dirname "$out")"
  if $get "$out.part" "$url" && [ "$(sha256sum "$out.part" | cut -d' ' -f1)" = "$sum" ]; then
    mv "$out.part" "$out"; fetched=$((fetched + 1)); echo "fetched $out"
  else
    rm -f "$out.part"; failed=$((failed + 1)); echo "fetch_data: FAILED $dest from $url (download or sha256 mismatch)" >&2
  fi
done < "$manifest"
echo "fetched=$fetched present=$present failed=$failed"
[ "$failed" -eq 0 ]
