#!/usr/bin/env bash
# Runs cachectl over every case of fixtures/hostile/cases.tsv and checks, per case:
# the exit code, a substring of stdout+stderr, that no raw ESC (0x1b), NUL or U+202E byte
# reaches the output, that an expected error (exit 2) is one line, and the elapsed time (column 5,
# times 10 for a debug build; the run is killed after $HOSTILE_TIMEOUT s, default 20).
# `$T` in a command names layouts made here at run time (FIFOs, a symlink to a sparse 1 GiB file).
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
for big in records-300k chain-old chain-new export-deep wide-old wide-new index-20k-platforms; do
    if [[ ! -d $H/$big ]]; then
        echo "generating $H (records-300k, chain-*, export-deep, wide-* and index-20k-platforms are not committed)…"
        python3 $H/make.py || exit 2
        break
    fi
done
OUT=$(mktemp -d); trap 'rm -rf "$OUT"' EXIT
# $T: layouts that cannot be committed (FIFOs, a sparse 1 GiB file), made from the control case.
T=$OUT/t; mkdir -p "$T"
copy_control() { cp -r "$H/control" "$T/$1"; }
config_blob() { python3 -c "import json,sys; d=sys.argv[1]; i=json.load(open(d+'/index.json')); m=json.load(open(d+'/blobs/'+i['manifests'][0]['digest'].replace(':','/'))); print(d+'/blobs/'+m['config']['digest'].replace(':','/'))" "$1"; }
truncate -s 1G "$T/big-file"
mkfifo "$T/fifo"
copy_control fifo-index; rm "$T/fifo-index/index.json"; mkfifo "$T/fifo-index/index.json"
copy_control fifo-blob; b=$(config_blob "$T/fifo-blob"); rm "$b"; mkfifo "$b"
copy_control dir-blob; b=$(config_blob "$T/dir-blob"); rm "$b"; mkdir "$b"
copy_control symlink-big; rm "$T/symlink-big/index.json"; ln -s "$T/big-file" "$T/symlink-big/index.json"
copy_control symlink-big-blob; b=$(config_blob "$T/symlink-big-blob"); rm "$b"; ln -s "$T/big-file" "$b"
pass=0; fail=0; failed=()
while IFS=$'\t' read -r name command code substring seconds; do
    [[ -z $name || $name == \#* ]] && continue
    command=${command//\$H/$H}
    read -r -a args <<< "${command//\$T/$T}"
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
    # An error is one line, whatever text the hostile input carried (no forged second line).
    [[ $code == 2 && $(wc -l < "$OUT/out") -gt 1 ]] && problems+=("error is $(wc -l < "$OUT/out") lines")
    if [[ ${#problems[@]} -eq 0 ]]; then
        pass=$((pass + 1)); printf 'PASS %-32s %6d ms  exit %s\n' "$name" "$ms" "$rc"
    else
        fail=$((fail + 1)); failed+=("$name")
        printf 'FAIL %-32s %6d ms  %s\n' "$name" "$ms" "$(IFS=';'; echo "${problems[*]}")"
        printf '     cachectl %s\n' "${args[*]}"
        head -c 600 "$OUT/out" | LC_ALL=C tr '\000\033' '@E' | sed 's/^/     | /'
    fi
done < $H/cases.tsv
# A reader that goes away (`| head`) ends cachectl quietly: nothing on stderr, no hang.
start=$(date +%s%N)
err=$( { timeout 60 "$BIN" inspect "oci:$H/chain-new:img" --format json | head -c 100 >/dev/null; } 2>&1 )
ms=$(( ($(date +%s%N) - start) / 1000000 ))
if [[ -z $err ]]; then
    pass=$((pass + 1)); printf 'PASS %-32s %6d ms\n' "sigpipe-head" "$ms"
else
    fail=$((fail + 1)); failed+=("sigpipe-head"); printf 'FAIL %-32s %6d ms  stderr not quiet: %s\n' "sigpipe-head" "$ms" "$err"
fi
echo "hostile: $pass passed, $fail failed${failed:+ (${failed[*]})}"
[[ $fail -eq 0 ]]
