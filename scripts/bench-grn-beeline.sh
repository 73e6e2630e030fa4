#!/usr/bin/env bash
# AUPRC ratio / EPR of DeepSEM (one model, --mode given) and the |Pearson|, |Spearman| and GENIE3
# baselines on BEELINE's synthetic and curated datasets, as a Markdown table.
#   scripts/bench-grn-beeline.sh [celltype|nonspecific] [EPOCHS]
# Environment: REGULA (binary, default bin/regula from `make build`), REGULA_DATA (default
# ../shared/data), METHODS (default "deepsem pearson spearman genie3"), SEED (default 0).
# The SERGIO DS4–DS7 table comes from `go run ./models/deepsem/bench -task sergio`.
set -euo pipefail
cd "$(dirname "$0")/.."
mode=${1:-celltype}
epochs=${2:-}
regula=${REGULA:-bin/regula}
methods=(${METHODS:-deepsem pearson spearman genie3})
seed=${SEED:-0}
data=${REGULA_DATA:-../shared/data}/beeline
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
extra=()
[ -n "$epochs" ] && extra=(--epochs "$epochs")
header="| dataset | genes × cells |"
rule="|---|---|"
for m in "${methods[@]}"; do
  case $m in
    deepsem) header="$header DeepSEM ($mode) AUPRC ratio / EPR |" ;;
    pearson) header="$header \|Pearson\| |" ;;
    spearman) header="$header \|Spearman\| |" ;;
    genie3) header="$header GENIE3 (300 trees) |" ;;
    *) echo "unknown method $m in METHODS" >&2; exit 2 ;;
  esac
  rule="$rule---|"
done
echo "$header"
echo "$rule"
for d in "$data"/synthetic/dyn-*-500-1 "$data"/curated/GSD-2000-1 "$data"/curated/HSC-2000-1; do
  name=$(basename "$d")
  expr="$d/ExpressionData.csv"
  [ -f "$expr" ] || expr="$expr.gz"
  row="| $name |"
  shape=$("$regula" info "$expr" --genes-in-rows | awk '/^shape/ {print $5 " × " $2}')
  row="$row $shape |"
  for m in "${methods[@]}"; do
    "$regula" grn --input "$expr" --genes-in-rows --method "$m" --mode "$mode" --ensemble 1 "${extra[@]}" \
      --out "$work/$m.tsv" --quiet --seed "$seed"
    read -r auprc epr < <("$regula" eval grn --pred "$work/$m.tsv" --truth "$d/refNetwork.csv" \
      --expr "$expr" --genes-in-rows --json |
      /usr/bin/python3 -c 'import json,sys; m=json.load(sys.stdin); print("%.2f %.2f" % (m["auprc_ratio"], m["epr"]))')
    row="$row $auprc / $epr |"
  done
  echo "$row"
done
