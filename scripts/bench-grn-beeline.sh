#!/usr/bin/env bash
# AUPRC ratio / EPR of DeepSEM (one model, --mode given) and the |Pearson|, |Spearman|
# baselines on BEELINE's synthetic and curated datasets, as a Markdown table.
#   scripts/bench-grn-beeline.sh [celltype|nonspecific] [EPOCHS]
# Needs bin/regula (make build) and ../shared/data beside the repository.
set -euo pipefail
cd "$(dirname "$0")/.."
mode=${1:-celltype}
epochs=${2:-}
data=${REGULA_DATA:-../shared/data}/beeline
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
extra=()
[ -n "$epochs" ] && extra=(--epochs "$epochs")
echo "| dataset | genes × cells | DeepSEM ($mode) AUPRC ratio / EPR | \|Pearson\| | \|Spearman\| |"
echo "|---|---|---|---|---|"
for d in "$data"/synthetic/dyn-*-500-1 "$data"/curated/GSD-2000-1 "$data"/curated/HSC-2000-1; do
  name=$(basename "$d")
  expr="$d/ExpressionData.csv"
  [ -f "$expr" ] || expr="$expr.gz"
  row="| $name |"
  shape=$(bin/regula info "$expr" --genes-in-rows | awk '/^shape/ {print $5 " × " $2}')
  row="$row $shape |"
  for m in deepsem pearson spearman; do
    bin/regula grn --input "$expr" --genes-in-rows --method "$m" --mode "$mode" --ensemble 1 "${extra[@]}" \
      --out "$work/$m.tsv" --quiet --seed 0
    read -r auprc epr < <(bin/regula eval grn --pred "$work/$m.tsv" --truth "$d/refNetwork.csv" \
      --expr "$expr" --genes-in-rows --json |
      /usr/bin/python3 -c 'import json,sys; m=json.load(sys.stdin); print("%.2f %.2f" % (m["auprc_ratio"], m["epr"]))')
    row="$row $auprc / $epr |"
  done
  echo "$row"
done
