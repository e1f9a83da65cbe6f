# SPDX-License-Identifier: GPL-2.0
# Sourced by tests/sh/9x-report*.sh after lib.sh.
# browser_check PAGE NAME NFIGS: open PAGE in headless Chromium; fail on
# a console error or when the DOM it built does not hold NFIGS figures
# each with an <svg> and a <path>; save tests/out/NAME.png. Skips (last
# line says why) when there is no Chromium, after every other check.
browser_check() {
	_b=$(command -v chromium || command -v chromium-browser) ||
		skip "no chromium (ci/deps.sh installs it); page checks passed"
	_flags="--headless --disable-gpu --no-sandbox
		--allow-file-access-from-files
		--user-data-dir=$TMP/chromium --enable-logging=stderr --v=0"
	# shellcheck disable=SC2086
	timeout 120 "$_b" $_flags --dump-dom "file://$1" \
		> "$TMP/dom.html" 2> "$TMP/chromium.err" ||
		{ tail -n 5 "$TMP/chromium.err"
		  fail "chromium --dump-dom failed"; }
	grep -E "Uncaught|ERROR:CONSOLE|CONSOLE\(" "$TMP/chromium.err" &&
		fail "console errors in $1"
	_n=$(awk '/<figure class="plot"/ { s = 0; p = 0 } /<svg/ { s = 1 }
		/<path/ { p = 1 } /<\/figure>/ { n += s && p }
		END { print n + 0 }' "$TMP/dom.html")
	[ "$_n" -eq "$3" ] || fail "DOM holds $_n drawn figures, expected $3"
	mkdir -p tests/out
	# shellcheck disable=SC2086
	timeout 120 "$_b" $_flags --hide-scrollbars --window-size=1280,4000 \
		--screenshot="$PWD/tests/out/$2.png" "file://$1" \
		> /dev/null 2> "$TMP/chromium.err" ||
		{ tail -n 5 "$TMP/chromium.err"
		  fail "chromium --screenshot failed"; }
	[ -s "tests/out/$2.png" ] || fail "no screenshot tests/out/$2.png"
	grep -E "Uncaught|ERROR:CONSOLE|CONSOLE\(" "$TMP/chromium.err" &&
		fail "console errors in $1"
	echo "screenshot: tests/out/$2.png"
}
