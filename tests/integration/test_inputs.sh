#!/bin/sh
# The shipped example configs: each one reads (its bases merged, `jovis config`), and every key
# in it has its comment (tests/integration/check_commented.py), which must also catch a key
# without one.
. tests/integration/sampler_env.sh

for config in inputs/*.ini; do
  if timeout 60 "$JOVIS" config "$config" -o "$TMP/merged.ini" >"$TMP/out" 2>&1; then
    ok "$config reads"
  else
    notok "$config reads: $(tail -n 1 "$TMP/out")"
  fi
done

if $PYTHON tests/integration/check_commented.py inputs/*.ini >"$TMP/uncommented" 2>&1; then
  ok "every key of inputs/*.ini has a comment"
else
  notok "every key of inputs/*.ini has a comment: $(head -n 3 "$TMP/uncommented" | tr '\n' ' ')"
fi

printf '[sampler]\n# the walkers\nnwalkers = 8\nsteps = 10\n' >"$TMP/bare.ini"
$PYTHON tests/integration/check_commented.py "$TMP/bare.ini" >"$TMP/bare.out" 2>&1
[ $? -eq 1 ] && grep -q ':4: \[sampler\] steps has no comment' "$TMP/bare.out" && [ "$(wc -l <"$TMP/bare.out")" -eq 1 ]
check $? "the comment check names a key that has none, and only it"
