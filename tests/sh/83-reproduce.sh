#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# RUN/reproduce.sh: written at the end of a run with what the run saw;
# run again, it sets THP back, warns about each difference it cannot
# set (kernel release, config hash, cmdline, governor) and runs the
# same command, with its own arguments appended.
. tests/sh/lib.sh

expect_rc 0 "$FL" run -q --no-db -o "$TMP/r" -n one --seed 42 -d 1 -w 0 \
	-r 1 -t 1 "mmap1:size=1M"
R=$TMP/r/one/reproduce.sh
J=$TMP/r/one/result.json
[ -x "$R" ] || fail "no executable reproduce.sh"
sh -n "$R" || fail "reproduce.sh: syntax"
assert_grep "^run_release='$(uname -r)'$" "$R"
assert_grep "^run_config_sha256='$(jq -r '.system.kernel.config.sha256 // ""' "$J")'$" "$R"
assert_grep "^run_version='$(jq -r '.run.faultline_version' "$J")'$" "$R"
assert_grep "^run_cwd='$(pwd)'$" "$R"
assert_grep "'--seed' '42'" "$R"
assert_grep "'mmap1:size=1M' \"\$@\"$" "$R"

# a fake /sys whose THP differs from the run's: set back (we are root)
# or warned about; the same command runs again (-n two appended)
thp=$(jq -r '.system.thp.enabled // ""' "$J")
mkdir -p "$TMP/sys/kernel/mm/transparent_hugepage" \
	"$TMP/sys/devices/system/cpu/cpu0/cpufreq"
cp /sys/devices/system/cpu/cpu0/cpufreq/scaling_governor \
	"$TMP/sys/devices/system/cpu/cpu0/cpufreq/" 2> /dev/null
other=always
[ "$thp" = always ] && other=never
echo "xx [$other] yy" > "$TMP/sys/kernel/mm/transparent_hugepage/enabled"
jq -r '"a [" + (.system.thp.defrag // "") + "] b"' "$J" \
	> "$TMP/sys/kernel/mm/transparent_hugepage/defrag"
FL_SYSFS=$TMP/sys expect_rc 0 sh "$R" -n two
assert_no_grep "warning" "$TMP/err"
if [ -n "$thp" ]; then
	if [ "$(id -u)" -eq 0 ]; then
		assert_grep "THP enabled: $other -> $thp" "$TMP/err"
		[ "$(cat "$TMP/sys/kernel/mm/transparent_hugepage/enabled")" = \
			"$thp" ] || fail "THP enabled not set back"
	else
		assert_grep "warning: THP enabled is '$other'" "$TMP/err"
	fi
fi
[ "$(jq -r '.run.seed, .cases[0].key' "$TMP/r/two/result.json")" = \
	"$(jq -r '.run.seed, .cases[0].key' "$J")" ] || fail "not the same run"
[ -x "$TMP/r/two/reproduce.sh" ] || fail "the rerun left no reproduce.sh"

# what it cannot set: one warning each, and it still runs the command
sed -e "s/^run_release=.*/run_release='9.9.9-other'/" \
    -e "s/^run_config_sha256=.*/run_config_sha256='0123abcd'/" \
    -e "s/^run_cmdline=.*/run_cmdline='quiet it'\\\\''s'/" \
    -e "s/^run_governor=.*/run_governor='nosuchgov'/" \
    -e "s/^run_version=.*/run_version='v0-old'/" "$R" > "$TMP/other.sh"
expect_rc 0 sh "$TMP/other.sh" --help
assert_grep "^usage: faultline run" "$TMP/out"
for w in "kernel release differs: the run had '9.9.9-other', this machine has '$(uname -r)'" \
	 "kernel config sha256 differs: the run had '0123abcd'" \
	 "kernel command line differs: the run had 'quiet it's'" \
	 "CPU governor differs: the run had 'nosuchgov'" \
	 "faultline version differs: the run had 'v0-old'"; do
	assert_grep "reproduce.sh: warning: $w" "$TMP/err"
done
[ "$(grep -c warning "$TMP/err")" -eq 5 ] || { cat "$TMP/err"; fail "not 5 warnings"; }
echo "ok: reproduce.sh"
