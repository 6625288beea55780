#!/usr/bin/env bash
# Publishes AotApp for the default instruction set and for x86-64-v3, checks both give the same
# answers, and measures what docs/aot.md reports: binary size, and the wall time of a whole run
# from process start to the first prediction (embedded weights) and exit, median of 21 runs.
#   bash samples/AotApp/measure.sh [output folder]
set -euo pipefail
cd "$(dirname "$0")/../.."
out=${1:-$(mktemp -d)}
mkdir -p "$out"
for isa in default x86-64-v3; do
  extra=(); [ "$isa" != default ] && extra=(-p:IlcInstructionSet=$isa)
  dotnet publish samples/AotApp -c Release -r linux-x64 "${extra[@]}" -o "$out/$isa" > "$out/$isa.log"
  if grep -E "warning (IL|AOT)[0-9]+" "$out/$isa.log"; then echo "trim/AOT warnings in the $isa build" >&2; exit 1; fi
  "$out/$isa/AotApp" > "$out/$isa.txt"
done
diff <(grep '^answers' "$out/default.txt") <(grep '^answers' "$out/x86-64-v3.txt")
echo "same answers on both instruction sets:"; grep '^answers' "$out/default.txt"
for isa in default x86-64-v3; do
  size=$(stat -c %s "$out/$isa/AotApp")
  times=$(for i in $(seq 21); do s=$(date +%s%N); "$out/$isa/AotApp" --first-prediction > /dev/null; e=$(date +%s%N); echo $(( (e - s) / 1000 )); done | sort -n)
  median=$(echo "$times" | sed -n 11p); low=$(echo "$times" | head -1); high=$(echo "$times" | tail -1)
  awk -v isa="$isa" -v size="$size" -v median="$median" -v low="$low" -v high="$high" 'BEGIN {
    printf "%-11s binary %.2f MB (%d bytes)   start to first prediction: median %.2f ms (min %.2f, max %.2f)\n",
      isa, size / 1048576, size, median / 1000, low / 1000, high / 1000 }'
done
