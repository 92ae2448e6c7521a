"""Side-by-side benchmarks: rnet (Python and Node) against its peers and pure wreq, on one
loopback nginx. Each library runs in its own process; libraries are interleaved (shuffled)
within every repetition; the report quotes medians and ratios against rnet of the same host.

Run through `bash benches/run.sh` (it installs nginx, the peers and release builds first).
`--smoke HTTP_BASE HTTPS_BASE` runs the whole harness (every scenario, the summary and the
report) for rnet alone with a handful of requests against another server (the tests use the
fixture's `/bytes/N`), so the harness cannot rot; it writes nothing into benches/.
"""

import argparse
import datetime
import json
import os
import pathlib
import platform
import random
import statistics
import subprocess
import sys
import time
import urllib.request

HERE = pathlib.Path(__file__).resolve().parent
ROOT = HERE.parent
RUN = HERE / ".run"
DATA = HERE / ".data"
RESULTS = HERE / "results"
HTTP_PORT, HTTPS_PORT = 18080, 18443
SIZES = {"1k": 1024, "20k": 20 * 1024, "200k": 200 * 1024, "50m": 50 * 1024 * 1024}

PYTHON = ["rnet", "wreq", "curl_cffi", "httpx", "aiohttp", "requests", "niquests", "impit", "primp"]
NODE = ["rnet", "undici-request", "undici-fetch", "fetch", "axios", "impit", "wreq-js", "node-wreq"]
RUST_BIN = ROOT / "target/x86_64-unknown-linux-gnu/release/examples/bench_wreq"


def command(host, lib, scenario, url, n, conc):
    if host == "python":
        return [sys.executable, str(HERE / "clients/py_bench.py"), lib, scenario, url, str(n), str(conc)]
    if host == "node":
        return ["node", str(HERE / "clients/node_bench.mjs"), lib, scenario, url, str(n), str(conc)]
    return [str(RUST_BIN), scenario, url, str(n), str(conc)]


def run_once(host, lib, scenario, url, n, conc):
    """One process: its JSON line, plus its peak RSS from wait4."""
    proc = subprocess.Popen(command(host, lib, scenario, url, n, conc), stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, cwd=HERE)
    deadline = time.monotonic() + PROCESS_TIMEOUT
    peak_kb = 0
    while True:
        pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
        if pid:
            break
        peak_kb = max(peak_kb, vm_hwm_kb(proc.pid))
        if time.monotonic() > deadline:
            proc.kill()
            proc.wait()
            return {"error": f"no result within {PROCESS_TIMEOUT} s (killed)"}
        time.sleep(0.02)
    out, err = proc.stdout.read().decode(), proc.stderr.read().decode()
    if os.waitstatus_to_exitcode(status) != 0:
        return {"error": (err or out).strip().splitlines()[-1:] or ["failed"]}
    try:
        result = json.loads(out.strip().splitlines()[-1])
    except (ValueError, IndexError):
        return {"error": f"no result: {out[-200:]} {err[-200:]}"}
    result["peak_rss_mb"] = peak_kb / 1024
    return result


def vm_hwm_kb(pid):
    """The process's own peak RSS so far. (`wait4`'s ru_maxrss would not do: Linux carries
    the forking parent's peak across exec, so every client showed this script's size.)"""
    try:
        with open(f"/proc/{pid}/status") as f:
            return next((int(l.split()[1]) for l in f if l.startswith("VmHWM:")), 0)
    except OSError:
        return 0


def scenarios(quick):
    sizes = ["1k"] if quick else ["1k", "20k", "200k"]
    n_async, n_sync, n_new = (1000, 500, 100) if quick else (2000, 1000, 300)
    out = []
    for proto in ("h1", "h2"):
        for size in sizes:
            out.append((f"async-{proto}-{size}", "async", proto, size, n_async, 100))
        for size in sizes:
            out.append((f"sync-{proto}-{size}", "sync", proto, size, n_sync, 1))
        out.append((f"newclient-{proto}-1k", "newclient", proto, "1k", n_new, 1))
    out.append(("stream-h1-50m", "stream", "h1", "50m", 1, 1))
    return out


def participants(kind):
    # rnet's zero-copy readers (bytes_view(), stream_views()) beside its default ones.
    views = [("python", "rnet-views")]
    if SMOKE:
        return [("python", "rnet")] + views + ([("node", "rnet")] if kind != "sync" else [])
    libs = [("rust", "wreq (Rust)")] if kind in ("async", "newclient", "stream") else []
    libs += [("python", lib) for lib in PYTHON] + views
    if kind != "sync":  # the sync scenario is Python's blocking API
        libs += [("node", lib) for lib in NODE]
    return libs


SMOKE = None  # (http base, https base) in --smoke mode
# A run that takes longer has hung (the slowest measured run takes about 10 s).
PROCESS_TIMEOUT = 120


def url_for(proto, size):
    if SMOKE:
        base = SMOKE[1] if proto == "h2" else SMOKE[0]
        return f"{base}/bytes/{min(SIZES[size], 1 << 20)}"
    if proto == "h2":
        return f"https://127.0.0.1:{HTTPS_PORT}/{size}.bin"
    return f"http://127.0.0.1:{HTTP_PORT}/{size}.bin"


def prepare_server():
    RUN.mkdir(exist_ok=True)
    DATA.mkdir(exist_ok=True)
    for name, size in SIZES.items():
        f = DATA / f"{name}.bin"
        if not f.exists() or f.stat().st_size != size:
            f.write_bytes(os.urandom(size))
    if not (RUN / "cert.pem").exists():
        subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "30",
                        "-subj", "/CN=localhost", "-keyout", str(RUN / "key.pem"),
                        "-out", str(RUN / "cert.pem")], check=True, capture_output=True)
    conf = (HERE / "nginx.conf.in").read_text()
    for k, v in {"@RUN@": str(RUN), "@DATA@": str(DATA), "@HTTP_PORT@": str(HTTP_PORT),
                 "@HTTPS_PORT@": str(HTTPS_PORT)}.items():
        conf = conf.replace(k, v)
    (RUN / "nginx.conf").write_text(conf)
    nginx = subprocess.Popen(["nginx", "-c", str(RUN / "nginx.conf"), "-p", str(RUN)],
                             stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    for _ in range(100):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{HTTP_PORT}/1k.bin", timeout=1).read()
            return nginx
        except OSError:
            time.sleep(0.1)
    nginx.kill()
    raise SystemExit(f"nginx did not start: {nginx.stderr.read().decode()}")


def versions():
    out = {"python": platform.python_version(), "node": subprocess.run(
        ["node", "--version"], capture_output=True, text=True).stdout.strip()}
    import importlib.metadata as md
    for lib in PYTHON:
        try:
            out[f"py:{lib}"] = md.version(lib)
        except md.PackageNotFoundError:
            out[f"py:{lib}"] = "missing"
    for lib in ("undici", "axios", "impit", "wreq-js", "node-wreq"):
        pkg = HERE / "node_modules" / lib / "package.json"
        out[f"npm:{lib}"] = json.loads(pkg.read_text())["version"] if pkg.exists() else "missing"
    out["nginx"] = subprocess.run(["nginx", "-v"], capture_output=True, text=True).stderr.strip()
    return out


def machine():
    cpu = next((l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name")), "?")
    mem = next((l.split()[1] for l in open("/proc/meminfo") if l.startswith("MemTotal")), "0")
    return f"{os.cpu_count()} × {cpu}, {int(mem) // 1024 // 1024} GiB, {platform.platform()}"


def summarise(raw):
    """Medians per (scenario, host, lib), and ratios against rnet of the same host."""
    table = {}
    for (scenario, host, lib), runs in raw.items():
        ok = [r for r in runs if "requests" in r]
        if not ok:
            reason = next((r.get("unsupported") or str(r.get("error")) for r in runs), "?")
            table[(scenario, host, lib)] = {"note": reason}
            continue
        rps = statistics.median(r["requests"] / r["wall"] for r in ok)
        cpu = statistics.median(r["cpu"] / r["requests"] for r in ok)
        rss = statistics.median(r["peak_rss_mb"] for r in ok)
        mbps = statistics.median(r["bytes"] / r["wall"] / 1e6 for r in ok)
        table[(scenario, host, lib)] = {"rps": rps, "cpu_us": cpu * 1e6, "rss_mb": rss, "mbps": mbps, "runs": len(ok)}
    for (scenario, host, lib), row in table.items():
        base = table.get((scenario, host if host != "rust" else "python", "rnet"), {})
        if "rps" in row and "rps" in base:
            row["rps_ratio"] = row["rps"] / base["rps"]
            row["cpu_ratio"] = row["cpu_us"] / base["cpu_us"]
    return table


def render(table, meta, order):
    lines = [f"Run {meta['date']} on {meta['machine']}; {meta['reps']} repetitions, medians.",
             "Ratios are against rnet of the same host (Rust against rnet for Python): req/s ratio > 1 is faster than rnet, CPU ratio < 1 is cheaper.", ""]
    for name, kind, proto, size, n, conc in order:
        rows = [(k, v) for k, v in table.items() if k[0] == name]
        if not rows:
            continue
        what = {"async": f"{conc} concurrent, {n} requests", "sync": f"sequential blocking, {n} requests",
                "newclient": f"a new client per request, {n} requests", "stream": "one 50 MB streaming download"}[kind]
        lines += [f"### {name} ({what})", "", f"![{name}](results/{name}.png)", "",
                  "| host | library | req/s | vs rnet | CPU µs/req | vs rnet | peak RSS MB | MB/s |",
                  "|---|---|---|---|---|---|---|---|"]
        for (_, host, lib), v in sorted(rows, key=lambda kv: -kv[1].get("rps", 0)):
            if "rps" not in v:
                lines.append(f"| {host} | {lib} | — | | | | | {v['note'][:80]} |")
                continue
            lines.append(
                f"| {host} | {lib} | {v['rps']:,.0f} | {v.get('rps_ratio', float('nan')):.2f} | "
                f"{v['cpu_us']:,.0f} | {v.get('cpu_ratio', float('nan')):.2f} | {v['rss_mb']:.0f} | {v['mbps']:.1f} |")
        lines.append("")
    lines.append("Versions: " + ", ".join(f"{k} {v}" for k, v in meta["versions"].items()))
    return "\n".join(lines)


def charts(table, order):
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    colors = {"python": "#3572A5", "node": "#8CC84B", "rust": "#DEA584"}
    for name, kind, *_ in order:
        rows = sorted(((k, v) for k, v in table.items() if k[0] == name and "rps" in v),
                      key=lambda kv: kv[1]["rps"])
        if not rows:
            continue
        labels = [f"{h}:{l}" for (_, h, l), _ in rows]
        values = [v["mbps"] if kind == "stream" else v["rps"] for _, v in rows]
        fig, ax = plt.subplots(figsize=(8, 0.35 * len(rows) + 1.2))
        ax.barh(labels, values, color=[colors[h] for (_, h, _), _ in rows])
        ax.set_xlabel("MB/s" if kind == "stream" else "requests/s")
        ax.set_title(name)
        fig.tight_layout()
        fig.savefig(RESULTS / f"{name}.png", dpi=80)
        plt.close(fig)


def run_all(order, reps):
    """Every scenario, every participant, `reps` times; participants shuffled each time."""
    raw = {}
    rng = random.Random(7)
    for rep in range(reps):
        for name, kind, proto, size, n, conc in order:
            libs = participants(kind)
            rng.shuffle(libs)
            for host, lib in libs:
                earlier = raw.get((name, host, lib), [])
                if any("requests" not in r for r in earlier):
                    continue  # failed or unsupported once: reported as such, not retried
                r = run_once(host, lib if host != "rust" else "", kind, url_for(proto, size), n, conc)
                raw.setdefault((name, host, lib), []).append(r)
                shown = f"{n / r['wall']:,.0f} req/s" if "wall" in r else (r.get("unsupported") or r.get("error"))
                print(f"[{rep + 1}/{reps}] {name:22} {host:6} {lib:15} {shown}", file=sys.stderr, flush=True)
    return raw


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--reps", type=int, default=3)
    ap.add_argument("--quick", action="store_true", help="1 KiB bodies only, fewer requests")
    ap.add_argument("--only", help="comma-separated scenario names")
    ap.add_argument("--smoke", nargs=2, metavar=("HTTP_BASE", "HTTPS_BASE"),
                    help="rnet only, a few requests, against these servers; report to stdout")
    args = ap.parse_args()
    global SMOKE
    SMOKE = args.smoke
    order = scenarios(args.quick)
    if SMOKE:
        order = [(name, kind, proto, size, min(n, 20), min(conc, 5)) for name, kind, proto, size, n, conc in order]
        args.reps = 1
    if args.only:
        order = [s for s in order if s[0] in args.only.split(",")]
    if SMOKE:
        raw = run_all(order, args.reps)
        print(json.dumps([{"scenario": k[0], "host": k[1], "library": k[2], **v} for k, v in summarise(raw).items()]))
        print(render(summarise(raw), {"date": "smoke", "machine": "smoke", "reps": 1, "versions": {}}, order))
        return
    RESULTS.mkdir(exist_ok=True)
    nginx = prepare_server()
    try:
        raw = run_all(order, args.reps)
    finally:
        nginx.terminate()
    table = summarise(raw)
    meta = {"date": datetime.date.today().isoformat(), "machine": machine(), "reps": args.reps,
            "versions": versions()}
    (RESULTS / "latest.json").write_text(json.dumps(
        {"meta": meta, "results": [{"scenario": k[0], "host": k[1], "library": k[2], **v}
                                   for k, v in table.items()]}, indent=1))
    charts(table, order)
    report = render(table, meta, order)
    readme = HERE / "README.md"
    text = readme.read_text()
    start, end = "<!-- results:start -->", "<!-- results:end -->"
    if start in text and end in text:
        text = text[: text.index(start) + len(start)] + "\n" + report + "\n" + text[text.index(end):]
        readme.write_text(text)
    print(report)


if __name__ == "__main__":
    main()
