#!/usr/bin/env bash
# Runs cachectl over every case of fixtures/hostile/cases.tsv and checks, per case:
# the exit code, a substring of stdout+stderr, that no raw ESC (0x1b), NUL or U+202E byte
# reaches the output, and the elapsed time (column 5, times 10 for a debug build; the run is
# killed after $HOSTILE_TIMEOUT s, default 20).
#   scripts/hostile.sh [path/to/cachectl]     default .build/debug/cachectl
# Generated cases too big to commit (records-300k) are made first by fixtures/hostile/make.py.
set -uo pipefail
cd "$(dirname "$0")/.."
BIN=${1:-.build/debug/cachectl}
TIMEOUT=${HOSTILE_TIMEOUT:-20}
# Time limits in cases.tsv are for a release build; a debug build gets 10 times as long.
FACTOR=${HOSTILE_TIME_FACTOR:-$([[ $BIN == */debug/* ]] && echo 10 || echo 1)}
H=fixtures/hostile
[[ -x $BIN ]] || { echo "hostile.sh: no executable at $BIN (build first, or pass its path)" >&2; exit 64; }
if [[ ! -d $H/records-300k || ! -d $H/chain-old || ! -d $H/chain-new || ! -d $H/export-deep ]]; then
    echo "generating $H (records-300k, chain-* and export-deep are not committed)…"
    python3 $H/make.py || exit 2
fi
OUT=$(mktemp -d); trap 'rm -rf "$OUT"' EXIT
pass=0; fail=0; failed=()
while IFS=$'\t' read -r name command code substring seconds; do
    [[ -z $name || $name == \#* ]] && continue
    read -r -a args <<< "${command//\$H/$H}"
    start=$(date +%s%N)
    limit=$((seconds * FACTOR)); kill_after=$(( limit + 5 > TIMEOUT ? limit + 5 : TIMEOUT ))
    NO_COLOR=1 timeout "$kill_after" "$BIN" "${args[@]}" > "$OUT/out" 2>&1 < /dev/null
    rc=$?
    ms=$(( ($(date +%s%N) - start) / 1000000 ))
    problems=()
    [[ $rc == 124 ]] && problems+=("killed after ${kill_after}s")
    [[ $rc != "$code" ]] && problems+=("exit $rc, expected $code")
    grep -qF -- "$substring" "$OUT/out" || problems+=("output lacks \"$substring\"")
    LC_ALL=C grep -q $'\x1b' "$OUT/out" && problems+=("raw ESC in output")
    LC_ALL=C grep -q $'\xe2\x80\xae' "$OUT/out" && problems+=("raw U+202E in output")
    [[ $(tr -cd '\000' < "$OUT/out" | wc -c) -gt 0 ]] && problems+=("raw NUL in output")
    (( ms > limit * 1000 )) && problems+=("took ${ms} ms, limit ${limit} s")
    if [[ ${#problems[@]} -eq 0 ]]; then
        pass=$((pass + 1)); printf 'PASS %-32s %6d ms  exit %s\n' "$name" "$ms" "$rc"
    else
        fail=$((fail + 1)); failed+=("$name")
        printf 'FAIL %-32s %6d ms  %s\n' "$name" "$ms" "$(IFS=';'; echo "${problems[*]}")"
        printf '     cachectl %s\n' "${args[*]}"
        head -c 600 "$OUT/out" | LC_ALL=C tr '\000\033' '@E' | sed 's/^/     | /'
    fi
done < $H/cases.tsv
echo "hostile: $pass passed, $fail failed${failed:+ (${failed[*]})}"
[[ $fail -eq 0 ]]
