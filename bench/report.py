"""What the benchmark says: progress lines, the targets, the tables, bench/results/.

The targets (issue 8) are throughput as a ratio to the floor (Django's admin
login page: rendered, no database work), p99 latency under load, the same
query count at SMALL_N and at the full number of synthetic actors, the
gunicorn workers' memory, and the time and peak memory of generate_synthetic.
``finish`` prints the report, writes it to bench/results/ and returns the
exit code: 1 when a target is missed.
"""

import json
import time
from datetime import datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"

# Targets of issue 8: throughput as a ratio to the floor, latency, memory.
MIN_RATIO = {"directory": 0.5, "search": 0.3}
MAX_P99_MS = 100.0
# Issue 18: the same pages at never-seen addresses (page-cache misses), and the
# directory at a new filter combination for every request (cold).
MIN_MISS_RATIO = {"directory": 0.25, "deep page": 0.25, "hub": 0.2, "actor": 0.3, "search": 0.5}
MAX_MISS_P99_MS = 100.0
MIN_COLD_RATIO = {"directory": 0.15}
MAX_COLD_P99_MS = 150.0
MAX_WORKER_RSS_MB = 150.0
MAX_GENERATE_RSS_MB = 500.0
MAX_GENERATE_SECONDS = 60.0

FLOOR = "floor"
SMALL_N = 1000  # synthetic actors for the query-count baseline
ERROR_KEYS = ("non_2xx", "socket_errors")


def log(message: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", flush=True)


def evaluate(result: dict, profiles: dict, measures: dict, misses: dict, colds: dict) -> None:
    """Add to ``result`` one row per page and the list of missed targets.

    ``profiles`` holds the cold profiles by size ("empty", "before": SMALL_N
    synthetic actors, "after": the full number) and what generating the full
    number cost ("generate"); ``measures``, ``misses`` and ``colds`` the load
    runs at each page's own address, at never-seen addresses, and (directory
    only) at a new filter combination for every request.
    """
    actors = result["actors"]
    empty, before, after = profiles["empty"], profiles["before"], profiles["after"]
    floor = measures[FLOOR]["rps"]
    rows, missed = [], []
    for name, url in result["pages"].items():
        measure = measures[name]
        ratio = measure["rps"] / floor
        row = {
            "page": name,
            "url": url,
            "rps": round(measure["rps"], 1),
            "p50_ms": round(measure["p50_ms"], 1),
            "p99_ms": round(measure["p99_ms"], 1),
            "ratio": round(ratio, 2),
            "errors": sum(
                load_run[key] for load_run in (measure, misses[name]) for key in ERROR_KEYS
            ),
            "load_average": measure["load_average"],
            "queries_n0": empty[url]["queries"],
            f"queries_n{SMALL_N}": before[url]["queries"],
            f"queries_n{actors}": after[url]["queries"],
            "miss_rps": round(misses[name]["rps"], 1),
            "miss_p99_ms": round(misses[name]["p99_ms"], 1),
            "miss_ratio": round(misses[name]["rps"] / misses[FLOOR]["rps"], 2),
            "cold_ms": after[url]["total_ms"],
            "cold_sql_ms": after[url]["sql_ms"],
            "html_kb": after[url]["html_kb"],
        }
        cold = colds.get(name)
        if cold:
            row["cold_rps"] = round(cold["rps"], 1)
            row["cold_p99_ms"] = round(cold["p99_ms"], 1)
            row["cold_ratio"] = round(cold["rps"] / misses[FLOOR]["rps"], 2)
            row["errors"] += sum(cold[key] for key in ERROR_KEYS)
        rows.append(row)
        if name in MIN_MISS_RATIO and row["miss_ratio"] < MIN_MISS_RATIO[name]:
            missed.append(f"{name} miss: {row['miss_ratio']}x < {MIN_MISS_RATIO[name]}x")
        if name != FLOOR and row["miss_p99_ms"] >= MAX_MISS_P99_MS:
            missed.append(f"{name} miss: p99 {row['miss_p99_ms']:.0f} ms")
        if cold and row["cold_ratio"] < MIN_COLD_RATIO.get(name, 0):
            missed.append(f"{name} cold: {row['cold_ratio']}x < {MIN_COLD_RATIO[name]}x")
        if cold and row["cold_p99_ms"] >= MAX_COLD_P99_MS:
            missed.append(f"{name} cold: p99 {row['cold_p99_ms']:.0f} ms")
        if name in MIN_RATIO and ratio < MIN_RATIO[name]:
            missed.append(f"{name}: {ratio:.2f}x the floor < {MIN_RATIO[name]}x")
        if measure["p99_ms"] >= MAX_P99_MS:
            missed.append(f"{name}: p99 {measure['p99_ms']:.0f} ms >= {MAX_P99_MS:.0f} ms")
        if before[url]["queries"] != after[url]["queries"]:
            missed.append(
                f"{name}: {before[url]['queries']} queries at N={SMALL_N}, "
                f"{after[url]['queries']} at N={actors}"
            )
        if row["errors"]:
            missed.append(f"{name}: {row['errors']} errors")
    for size in result["worker_rss_mb"]:
        if size >= MAX_WORKER_RSS_MB:
            missed.append(f"a gunicorn worker holds {size:.0f} MB >= {MAX_WORKER_RSS_MB:.0f} MB")
    # The unrounded figures, as measured.
    seconds, peak_mb = profiles["generate"]["seconds"], profiles["generate"]["peak_rss_mb"]
    if peak_mb >= MAX_GENERATE_RSS_MB:
        missed.append(f"generate_synthetic peaked at {peak_mb:.0f} MB")
    if seconds >= MAX_GENERATE_SECONDS:
        missed.append(f"generate_synthetic took {seconds:.0f} s")
    result["rows"], result["missed"] = rows, missed


def render(result: dict) -> str:
    """The report as Markdown: the load table, the cold-profile table, the verdict."""
    actors = result["actors"]
    rows = result["rows"]
    lines = [
        f"Benchmark {result['date']} (commit {result['commit']}, {result['machine']['cpus']} "
        f"CPUs, {result['connections']} connections, {result['duration_s']} s per page, "
        f"{result['load_generator']}, {actors} synthetic actors)",
        "",
        "Under load, as on a live site (the same address again and again: page cache hits), "
        "and at addresses never seen before (every request a page-cache miss):",
        "",
        "| page | URL | req/s | p50 ms | p99 ms | × floor | miss req/s | miss p99 ms "
        "| miss × floor | errors | load avg |",
        "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for row in rows:
        lines.append(
            f"| {row['page']} | `{row['url']}` | {row['rps']} | {row['p50_ms']} | "
            f"{row['p99_ms']} | {row['ratio']} | {row['miss_rps']} | {row['miss_p99_ms']} | "
            f"{row['miss_ratio']} | {row['errors']} | {row['load_average']} |"
        )
    for row in rows:
        if "cold_rps" in row:
            lines += [
                "",
                f"Cold, {row['page']}: a new domain × pillar × kind for every request, nothing "
                f"cached: {row['cold_rps']} req/s, p99 {row['cold_p99_ms']} ms, "
                f"{row['cold_ratio']}× the floor.",
            ]
    lines += [
        "",
        "One request at a time, in-process, every cache cleared first (median of 5): "
        "queries at three sizes, time and size at the full size:",
        "",
        f"| page | queries N=0 | queries N={SMALL_N} | queries N={actors} | cold ms "
        "| cold SQL ms | HTML KB |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    for row in rows:
        lines.append(
            f"| {row['page']} | {row['queries_n0']} | {row[f'queries_n{SMALL_N}']} | "
            f"{row[f'queries_n{actors}']} | {row['cold_ms']} | {row['cold_sql_ms']} | "
            f"{row['html_kb']} |"
        )
    generate = result["generate"]
    verdict = "MISSED — " + "; ".join(result["missed"]) if result["missed"] else "all met"
    lines += [
        "",
        f"generate_synthetic --actors {actors}: {generate['seconds']} s, "
        f"peak RSS {generate['peak_rss_mb']} MB",
        f"gunicorn workers' RSS after the run: {', '.join(map(str, result['worker_rss_mb']))} MB",
        "",
        f"Targets (ratios and p99 under load — hits, misses, cold —, query counts N={SMALL_N} "
        f"vs N={actors}, memory, generation time): {verdict}",
    ]
    return "\n".join(lines)


def finish(result: dict) -> int:
    """Print the report, write it to bench/results/; 1 when a target is missed, else 0."""
    report = render(result)
    print("\n" + report)
    RESULTS.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    (RESULTS / f"{stamp}.json").write_text(json.dumps(result, indent=2) + "\n")
    (RESULTS / f"{stamp}.md").write_text(report + "\n")
    log(f"written to bench/results/{stamp}.json and .md")
    return 1 if result["missed"] else 0
