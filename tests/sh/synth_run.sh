# SPDX-License-Identifier: GPL-2.0
# Sourced by the compare/history tests: write synthetic run directories
# in the result.json schema (docs/results.md) with known per-rep values.
#
# synth_run DIR NAME RELEASE CASE...
#   CASE is WORKLOAD/STATUS/RATES/LATS: comma-separated per-rep values of
#   faults_per_sec (higher is better, primary) and lat_p99_ns (lower is
#   better); LATS may be empty. The key is "WORKLOAD:size=1M|threads|1".
# SYNTH_CPUS and SYNTH_PERF: the cases' --cpus [compact] and --perf [none].
synth_run() {
	_dir=$1 _name=$2 _rel=$3
	shift 3
	mkdir -p "$_dir"
	{
	cat <<EOT
{
  "schema": "faultline-result",
  "schema_version": 1,
  "run": { "name": "$_name", "status": "complete",
    "started": "${SYNTH_STARTED:-2026-11-22T04:00:00Z}",
    "finished": "2026-11-22T04:05:00Z",
    "argv": ["faultline", "run", "-r", "5"],
    "faultline_version": "test", "seed": 1,
    "defaults": { "duration": 1, "warmup": 0, "reps": 5,
      "cpus": "compact", "mem": "default", "timeout": 0 } },
  "system": { "hostname": "${SYNTH_HOST:-synthhost}",
    "kernel": { "release": "$_rel", "version": "#1 SMP",
      "cmdline": "ro", "config": { "source": null,
      "sha256": "${SYNTH_CONFIG:-c0ffee}", "options": {} } },
    "cpu": { "model": "synthetic", "governor": "none" },
    "topology": { "packages": 1, "numa_nodes": 1, "cores": 2,
      "pus": 2, "single_node": true },
    "vm": null },
  "cases": [
EOT
	_sep=""
	for _c in "$@"; do
		_wl=${_c%%/*}; _r=${_c#*/}
		_st=${_r%%/*}; _r=${_r#*/}
		_rates=${_r%%/*}; _lats=${_r#*/}
		_reason=null
		[ "$_st" = ok ] || _reason="\"synthetic $_st\""
		printf '%s    { "key": "%s:size=1M|threads|1", "workload": "%s",\n' \
			"$_sep" "$_wl" "$_wl"
		printf '      "kind": "throughput", "params": { "size": "1M" },\n'
		printf '      "mode": "threads", "tasks": 1, "extra_tasks": 0,\n'
		printf '      "duration": 1, "warmup": 0, "reps": 5,\n'
		printf '      "cpus": "%s", "mem": "default", "seed": 7,\n' \
			"${SYNTH_CPUS:-compact}"
		[ -n "${SYNTH_PERF:-}" ] &&
			printf '      "perf": "%s",\n' "$SYNTH_PERF"
		printf '      "replay": "faultline run --seed 1 -t 1 -m threads -d 1 -w 0 -r 5 %s:size=1M",\n' "$_wl"
		printf '      "status": "%s", "reason": %s, "elapsed_sec": 5,\n' \
			"$_st" "$_reason"
		printf '      "metrics": {\n'
		printf '        "faults_per_sec": { "unit": "ops/s", "better": "higher", "primary": true, "reps": [%s] }' "$_rates"
		[ -n "$_lats" ] && printf ',\n        "lat_p99_ns": { "unit": "ns", "better": "lower", "primary": false, "reps": [%s] }' "$_lats"
		printf '\n      },\n      "violations_total": 0 }'
		_sep=",
"
	done
	printf '\n  ]\n}\n'
	} > "$_dir/result.json"
}

# synth_level NAME LEVEL [STATUS]: $TMP/NAME, a run of page_fault1 whose
# five reps lie within LEVEL +- 0.5% (STATUS [ok])
synth_level() {
	synth_run "$TMP/$1" "$1" 6.12 "page_fault1/${3:-ok}/$(awk -v l="$2" \
		'BEGIN { printf "%g,%g,%g,%g,%g", l, l * 1.005, l * 0.995,
			 l * 1.0025, l * 0.9975 }')/"
}
