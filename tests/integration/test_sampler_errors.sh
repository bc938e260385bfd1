#!/bin/sh
# Every bad input of `jovis sample` gives its message and a non-zero exit, on 1 rank and (for
# a few) on 2, where rank 0 alone reports and no rank is left hanging (jv_run has a time limit).
. tests/integration/sampler_env.sh

base() { # a valid 2-D config; the cases below edit it
  cat <<'INI'
[model]
name = gaussian
ndim = 2
[sampler]
nwalkers = 8
steps = 50
seed = 1
[init]
center = 0
width = 0.1
[prior]
default = uniform -5 5
INI
}

expect() { # NP MESSAGE-SUBSTRING DESCRIPTION CONFIG-FILE [options...]
  np=$1; msg=$2; what=$3; shift 3
  # one rank runs as an MPI singleton: mpirun adds seconds of teardown to every failed job
  if [ $np -eq 1 ]; then timeout 120 "$JOVIS" sample "$@" >"$TMP/out" 2>&1; else jv_run $np sample "$@" >"$TMP/out" 2>&1; fi
  rc=$?
  if [ $rc -ne 0 ] && [ $rc -ne 124 ] && grep -qF -- "$msg" "$TMP/out"; then
    if [ $np -gt 1 ] && grep -q '^\[rank [1-9]' "$TMP/out"; then
      notok "$what (np $np): a rank other than 0 printed too: $(grep '^\[rank [1-9]' "$TMP/out" | head -n 1)"
    else
      ok "$what (np $np): $(grep -F -- "$msg" "$TMP/out" | head -n 1 | cut -c1-150)"
    fi
  else
    notok "$what (np $np): exit $rc, expected a message with '$msg'; got: $(head -c 300 "$TMP/out")"
  fi
}

base >"$TMP/good.ini"
printf '[model]\nname gaussian\n' >"$TMP/malformed.ini"
base | sed 's/^steps = 50/steps = 50\nstpes = 50/' >"$TMP/unknown.ini"
base | sed '/^seed = /d' >"$TMP/missing.ini"
base | sed 's/^nwalkers = 8/nwalkers = 9/' >"$TMP/odd.ini"
base | sed 's/^nwalkers = 8/nwalkers = 2/' >"$TMP/few.ini"
base | sed 's/^center = 0/center = 20/' >"$TMP/ball.ini"
base | sed 's|^\[init\]|&\nfrom = /nonexistent/chain.h5|' >"$TMP/from_missing.ini"
base | sed 's/^default = .*/default = uniform 5 -5/' >"$TMP/reversed.ini"
base | sed 's/^name = gaussian/name = banana/' >"$TMP/model.ini"
base | sed 's/^width = 0.1/width = 0/' >"$TMP/width.ini"

for np in 1 2; do
  expect $np "malformed INI" "malformed INI" "$TMP/malformed.ini" -o "$TMP/x.h5"
  expect $np "initial ball: 8 of 8 walkers still have ln p = -inf" "initial ball outside the prior" "$TMP/ball.ini" -o "$TMP/x.h5"
  expect $np "/nonexistent/chain.h5" "init.from naming a missing file" "$TMP/from_missing.ini" -o "$TMP/x.h5"
  expect $np "is not writable" "unwritable output path" "$TMP/good.ini" -o /nonexistent/dir/out.h5
done
expect 1 "unknown key 'sampler.stpes'" "unknown key" "$TMP/unknown.ini" -o "$TMP/x.h5"
expect 1 "missing required key 'sampler.seed'" "missing required key" "$TMP/missing.ini" -o "$TMP/x.h5"
expect 1 "walkers must be even and at least 2 ndim" "odd walkers" "$TMP/odd.ini" -o "$TMP/x.h5"
expect 1 "walkers must be even and at least 2 ndim = 4" "walkers < 2 ndim" "$TMP/few.ini" -o "$TMP/x.h5"
expect 1 "bounds reversed" "prior bounds reversed" "$TMP/reversed.ini" -o "$TMP/x.h5"
expect 1 "'banana' is not a known model (known: gaussian, rosenbrock, bimodal" "unknown model" "$TMP/model.ini" -o "$TMP/x.h5"
expect 1 "init.width of 'x0' = 0 must be > 0" "zero-width initial ball" "$TMP/width.ini" -o "$TMP/x.h5"
expect 1 "--resume: '$TMP/none.h5' does not exist" "resume of a missing file" "$TMP/good.ini" -o "$TMP/none.h5" --resume
expect 1 "no output file" "no output path" "$TMP/good.ini"
expect 1 "unknown option '--stesp'" "unknown option" "$TMP/good.ini" -o "$TMP/x.h5" --stesp 5
expect 1 "cannot open" "missing config file" "$TMP/absent.ini" -o "$TMP/x.h5"
# configs built on another ([config] base, relative to the config): the errors name the file
mkdir -p "$TMP/stage"
printf '[config]\nbase = ../good.ini\n[sampler]\nstpes = 5\n' >"$TMP/stage/typo.ini"
printf '[config]\nbase = ../nowhere.ini\n' >"$TMP/stage/nobase.ini"
printf '[config]\nbase = loop.ini\n' >"$TMP/stage/loop.ini"
printf '[config]\nbase = ../malformed.ini\n' >"$TMP/stage/badbase.ini"
for np in 1 2; do
  expect $np "cannot open '$TMP/stage/../nowhere.ini'" "a missing base file" "$TMP/stage/nobase.ini" -o "$TMP/x.h5"
done
expect 1 "unknown key 'sampler.stpes'" "an unknown key over a base" "$TMP/stage/typo.ini" -o "$TMP/x.h5"
expect 1 "more than 8 bases one on another" "a config that is its own base" "$TMP/stage/loop.ini" -o "$TMP/x.h5"
expect 1 "$TMP/stage/../malformed.ini:2: malformed INI" "a malformed base, its line named" "$TMP/stage/badbase.ini" -o "$TMP/x.h5"
[ ! -e "$TMP/x.h5" ]
check $? "no failed run left an output file behind"

# `jovis config` prints the merged config, or writes it with -o and says so on its summary line
printf '[config]\nbase = ../good.ini\n[sampler]\nsteps = 70\n[output]\npath = o.h5\n' >"$TMP/stage/ok.ini"
"$JOVIS" config "$TMP/stage/ok.ini" >"$TMP/merged.ini" 2>&1
"$JOVIS" config "$TMP/stage/ok.ini" -o "$TMP/merged2.ini" >"$TMP/config.out" 2>&1
"$JOVIS" config "$TMP/good.ini" >"$TMP/same.ini" 2>&1
if grep -q '^steps = 70$' "$TMP/merged.ini" && grep -q '^nwalkers = 8$' "$TMP/merged.ini" &&
  grep -q '^path = o.h5$' "$TMP/merged.ini" && ! grep -q '^base' "$TMP/merged.ini" &&
  cmp -s "$TMP/merged.ini" "$TMP/merged2.ini" && cmp -s "$TMP/good.ini" "$TMP/same.ini" &&
  [ "$(summary_value "$TMP/config.out" output)" = "$TMP/merged2.ini" ]; then
  ok "jovis config: the base's keys with the config's own over them; a config without a base unchanged"
else
  notok "jovis config: $(head -c 300 "$TMP/merged.ini") / $(cat "$TMP/config.out")"
fi

# resuming with a config of another shape
jv_run 1 sample "$TMP/good.ini" -q -o "$TMP/g.h5" >/dev/null 2>&1
base | sed 's/^nwalkers = 8/nwalkers = 10/' >"$TMP/other.ini"
expect 1 "holds model 'gaussian' with 8 walkers x 2 parameters, the config asks for 'gaussian' with 10 x 2" \
  "resume with other walkers" "$TMP/other.ini" -o "$TMP/g.h5" --resume --steps 60
# starting from a chain of another shape, or from points outside this run's prior
sed 's|^\[init\]|&\nfrom = '"$TMP/g.h5"'|' "$TMP/other.ini" >"$TMP/from_other.ini"
expect 1 "holds 8 walkers x 2 parameters (x0, ...); this run has 10 x 2" "init.from with other walkers" \
  "$TMP/from_other.ini" -o "$TMP/y.h5"
base | sed 's|^\[init\]|&\nfrom = '"$TMP/g.h5"'|; s/^default = .*/default = uniform 4 5/' >"$TMP/from_prior.ini"
expect 2 "walkers have ln p = -inf at its last step" "init.from outside this run's prior" "$TMP/from_prior.ini" \
  -o "$TMP/y.h5"
exit 0
