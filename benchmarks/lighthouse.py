"""`make lighthouse`: Lighthouse 12.2.3 (mobile preset) on home, an article, the directory, a tool, a workflow
and /markets/, each in the light and the dark colour scheme.

Serves the benchmark database (.flux/bench-pgdata, made by `make bench`; the demo set is enough)
with production settings under gunicorn, runs Lighthouse with Debian's Chromium on each page,
writes benchmarks/lighthouse.json and updates the scores table in docs/performance.md.
"""

import json
import os
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BASE_DIR))

from benchmarks.run import DATADIR, REDIS, STATE_DIR, Server, base_env, fetch, log, manage, redis_up  # noqa: E402

LIGHTHOUSE = BASE_DIR / "node_modules" / ".bin" / "lighthouse"
CHROME_FLAGS = "--headless --no-sandbox --disable-gpu --disable-background-networking --disable-component-update --disable-sync --no-first-run"
# Lighthouse has no colour-scheme setting; Blink's preferredColorScheme (0 = dark) makes the page see
# `prefers-color-scheme: dark`, as a reader's dark-mode device does.
SCHEMES = {"light": "", "dark": " --blink-settings=preferredColorScheme=0"}
# Runs per page and scheme; the one with the median Performance score is reported, as Lighthouse's
# own docs advise, since one run on a busy machine can lose many points to CPU contention.
RUNS = int(os.environ.get("LIGHTHOUSE_RUNS", 3))
CATEGORIES = ["performance", "accessibility", "best-practices", "seo"]
RESULTS = BASE_DIR / "benchmarks" / "lighthouse.json"
DOC = BASE_DIR / "docs" / "performance.md"
START, END = "<!-- lighthouse:start -->", "<!-- lighthouse:end -->"


def pick_pages():
    from articles.models import Article
    from directory.models import Tool, Workflow

    article = Article.objects.published().exclude(hero_image="").first()
    tool = Tool.objects.published().order_by("-score", "name").first()
    workflow = Workflow.objects.published().first()
    return {
        "home": "/",
        "article": article.get_absolute_url() if article else None,
        "directory": "/tools/",
        "tool": tool.get_absolute_url() if tool else None,
        "workflow": workflow.get_absolute_url() if workflow else None,
        "markets": "/markets/",
    }


def run_lighthouse(url, out, scheme):
    env = {**os.environ, "CHROME_PATH": os.environ.get("CHROME_PATH", "/usr/bin/chromium")}
    command = [
        str(LIGHTHOUSE), url, "--quiet", "--output=json", f"--output-path={out}",
        f"--chrome-flags={CHROME_FLAGS}{SCHEMES[scheme]}", "--only-categories=" + ",".join(CATEGORIES),
    ]
    # Lighthouse now and then fails to record a trace (NO_NAVSTART) on a busy machine: one retry.
    if subprocess.run(command, env=env, timeout=300).returncode:
        subprocess.run(command, env=env, check=True, timeout=300)
    report = json.loads(out.read_text())
    scores = {c: round(report["categories"][c]["score"] * 100) for c in CATEGORIES}
    failing = [
        f"{audit['id']}: {audit['title']}"
        for audit in report["audits"].values()
        if audit.get("score") is not None and audit["score"] < 0.9 and audit.get("scoreDisplayMode") in ("binary", "numeric", "metricSavings")
    ]
    metrics = {k: round(report["audits"][k]["numericValue"]) for k in ("first-contentful-paint", "largest-contentful-paint", "total-blocking-time")}
    metrics["cumulative-layout-shift"] = round(report["audits"]["cumulative-layout-shift"]["numericValue"], 3)
    return {"scores": scores, "metrics_ms": metrics, "flagged": failing}


def update_doc(results):
    rows = ["| page | Performance | Accessibility | Best Practices | SEO | LCP ms | CLS |", "|---|---|---|---|---|---|---|"]
    for name, result in results["pages"].items():
        if result.get("missing"):
            rows.append(f"| {name} | missing ({result['status']}) | | | | | |")
            continue
        s, m = result["scores"], result["metrics_ms"]
        rows.append(
            f"| {name} (`{result['url']}`) | {s['performance']} {result.get('performance_runs', '')} | {s['accessibility']} | {s['best-practices']} | {s['seo']} "
            f"| {m['largest-contentful-paint']} | {m['cumulative-layout-shift']} |"
        )
    block = (
        f"{START}\nMeasured {results['generated_at']} with Lighthouse {results['lighthouse']} (mobile preset), "
        f"the median of {results['runs']} runs each (Performance of every run in brackets):\n\n"
    )
    block += "\n".join(rows) + f"\n{END}"
    text = DOC.read_text()
    if START in text and END in text:
        text = text[: text.index(START)] + block + text[text.index(END) + len(END) :]
        DOC.write_text(text)


def main():
    if not LIGHTHOUSE.exists():
        sys.exit("Lighthouse is missing: npm i -E lighthouse@12.2.3 (make lighthouse does this)")
    from fluxsite import embedded_pg

    server = embedded_pg.get_server(DATADIR, cleanup_mode="stop")
    try:
        cache_url = f"redis://{REDIS[0]}:{REDIS[1]}/13" if redis_up() else f"filecache://{STATE_DIR / 'bench-cache'}"
        env = base_env(embedded_pg.database_url(server), cache_url)
        manage(env, "migrate", "--noinput", "-v0")
        manage(env, "seed_demo", "--if-empty")
        manage(env, "collectstatic", "--noinput", "-v0")
        os.environ.update(env)
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "fluxsite.settings")
        import django

        django.setup()
        pages = pick_pages()
        from django.db import connections

        connections.close_all()
        port = int(os.environ.get("LIGHTHOUSE_PORT", 8106))
        site = Server(env, port, ["-w", "2"], page_cache=True)
        version = subprocess.run([str(LIGHTHOUSE), "--version"], capture_output=True, text=True).stdout.strip()
        results = {"generated_at": datetime.now(UTC).isoformat(timespec="seconds"), "lighthouse": version, "runs": RUNS, "pages": {}}
        try:
            for name, path in pages.items():
                # Readers get cached pages; warm the cache (and the workers) as traffic would.
                for _ in range(3):
                    status = fetch(site.url + path)[0] if path else 404
                if status != 200:
                    results["pages"][name] = {"url": path, "missing": True, "status": status}
                    log(f"lighthouse: {name} {path} answered {status}: missing")
                    continue
                for scheme in SCHEMES:
                    key = f"{name}, {scheme}"
                    runs = [run_lighthouse(site.url + path, STATE_DIR / f"lighthouse-{name}-{scheme}-{n}.json", scheme) for n in range(RUNS)]
                    runs.sort(key=lambda run: run["scores"]["performance"])
                    median = runs[len(runs) // 2]
                    median["performance_runs"] = [run["scores"]["performance"] for run in runs]
                    results["pages"][key] = {"url": path, **median}
                    log(f"lighthouse: {key} {results['pages'][key]['scores']} flagged: {results['pages'][key]['flagged']}")
        finally:
            site.stop()
        RESULTS.write_text(json.dumps(results, indent=2) + "\n")
        update_doc(results)
        log(f"wrote {RESULTS.relative_to(BASE_DIR)} and the table in {DOC.relative_to(BASE_DIR)}")
    finally:
        server.cleanup()


if __name__ == "__main__":
    main()
