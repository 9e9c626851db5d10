#!/usr/bin/env bash
# Regenerate the .expected file of every corpus configuration from the real HAProxy.
#
#   test/corpus/regen.sh              # all files
#   test/corpus/regen.sh FILE.cfg...  # only these
#
# HAProxy is always run from the repository root (/work/main) as
#   haproxy -c -f test/corpus/<dir>/<name>.cfg
# because relative paths in the configurations (errorfile, -f pattern files, maps)
# are resolved from the current directory.
#
# Environment: haproxy runs with a clean environment (env -i) containing only PATH
# plus the variables listed on the first line of the .cfg in the form
#   # env: NAME=value NAME2=value2
# (values cannot contain spaces). The Switchyard harness sets the same ones.
#
# .expected format: line 1 is "exit=N", then haproxy's stderr+stdout (2>&1) with the
# pid in "[LEVEL]    (1234) :" replaced by "(PID)" and the two NOTICE lines
# "haproxy version is ..." and "path to executable is ..." removed.
set -u
shopt -s nullglob
HAPROXY=${HAPROXY:-haproxy}
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
cd "$root" || exit 1

if [ $# -gt 0 ]; then
  files=()
  for f in "$@"; do
    case "$f" in
      /*) f=${f#"$root"/} ;;
    esac
    files+=("$f")
  done
else
  files=(test/corpus/valid/*.cfg test/corpus/invalid/*.cfg)
fi

for cfg in "${files[@]}"; do
  envs=()
  first=$(head -n 1 "$cfg")
  case "$first" in
    "# env:"*)
      read -r -a envs <<< "${first#"# env:"}"
      ;;
  esac
  out=$(env -i PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin "${envs[@]}" \
        timeout 30 "$HAPROXY" -c -f "$cfg" 2>&1)
  rc=$?
  {
    echo "exit=$rc"
    if [ -n "$out" ]; then
      printf '%s\n' "$out" \
        | sed -E 's/^(\[(NOTICE|WARNING|ALERT)\] +)\([0-9]+\)/\1(PID)/' \
        | grep -v -E '^\[NOTICE\] +\(PID\) : (haproxy version is |path to executable is )'
    fi
  } > "${cfg%.cfg}.expected"
done

# Summary / consistency check.
bad=0
for cfg in test/corpus/valid/*.cfg test/corpus/invalid/*.cfg; do
  exp=${cfg%.cfg}.expected
  if [ ! -f "$exp" ]; then echo "MISSING $exp"; bad=1; continue; fi
  st=$(head -n 1 "$exp")
  case "$cfg" in
    test/corpus/valid/*)   [ "$st" = "exit=0" ] || { echo "NOT VALID ($st): $cfg"; bad=1; } ;;
    test/corpus/invalid/*) [ "$st" = "exit=1" ] || { echo "NOT INVALID ($st): $cfg"; bad=1; } ;;
  esac
done
v=(test/corpus/valid/*.cfg); i=(test/corpus/invalid/*.cfg)
echo "valid: ${#v[@]}  invalid: ${#i[@]}"
exit $bad
