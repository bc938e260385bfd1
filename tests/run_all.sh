#!/bin/sh
# Runs test programs and scripts. Each prints one line per check:
#   "ok - what"   "not ok - what: detail"   "skip - what: reason"
# A program that exits non-zero without printing "not ok" counts as one failure (it crashed).
# The last line is the tally: "N passed, N failed, N skipped".
passed=0; failed=0; skipped=0
log=$(mktemp)
for t in "$@"; do
  name=$(basename "$t")
  start=$(date +%s)
  case "$t" in
    *.sh) sh "$t" >"$log" 2>&1 ;;
    *) "$t" >"$log" 2>&1 ;;
  esac
  rc=$?
  p=$(grep -c '^ok - ' "$log"); f=$(grep -c '^not ok - ' "$log"); s=$(grep -c '^skip - ' "$log")
  grep -E '^(not ok|skip) - ' "$log" | sed "s|^|  $name: |"
  if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then
    f=1
    echo "  $name: not ok - exited with status $rc without reporting a failed check; last lines:"
    tail -n 15 "$log" | sed 's/^/    /'
  fi
  echo "$name: $p passed, $f failed, $s skipped ($(( $(date +%s) - start )) s)"
  passed=$((passed + p)); failed=$((failed + f)); skipped=$((skipped + s))
done
rm -f "$log"
echo "$passed passed, $failed failed, $skipped skipped"
[ "$failed" -eq 0 ]
