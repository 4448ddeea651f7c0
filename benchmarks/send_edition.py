"""Measure `manage.py send_edition` against a local SMTP sink: emails/s per process and peak RSS.

    .venv/bin/python -m fluxsite.embedded_pg -- .venv/bin/python benchmarks/send_edition.py [SUBSCRIBERS]
        [--sink auto|smtp-sink|aiosmtpd] [--profile FILE]

Uses a throwaway embedded PostgreSQL (the command above), seeds the benchmark subscribers with COPY,
starts an SMTP sink in its own process, and runs one sender process, sampling its CPU time and peak
resident memory with psutil.

The sink: Postfix's `smtp-sink` (a C server written for benchmarking SMTP clients; Debian package
`postfix`) when it is installed, else aiosmtpd's Sink handler (pure Python asyncio, which on a
2-core machine takes more CPU than the sender and so caps the wall rate). The output names the sink,
and with smtp-sink also the number of messages it counted.
"""

import argparse
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import psutil

BASE_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BASE_DIR))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "fluxsite.settings")
os.environ.setdefault("SECRET_KEY", "benchmark-only-" + "b" * 40)
os.environ.setdefault("LOG_LEVEL", "WARNING")


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


SMTP_SINK = shutil.which("smtp-sink") or next(
    (path for path in ("/usr/sbin/smtp-sink", "/usr/local/sbin/smtp-sink") if os.access(path, os.X_OK)), None
)


PROFILE_CODE = """
import cProfile, runpy, sys, time
out = sys.argv.pop(1)
sys.argv[0] = "manage.py"
profile = cProfile.Profile(time.process_time)
try:
    profile.runcall(runpy.run_path, "manage.py", run_name="__main__")
finally:
    profile.dump_stats(out)
"""


def start_sink(kind, port, log):
    """Start the chosen SMTP sink on 127.0.0.1:port; return (process, name)."""
    if kind == "auto":
        kind = "smtp-sink" if SMTP_SINK else "aiosmtpd"
    if kind == "smtp-sink":
        if not SMTP_SINK:
            sys.exit("smtp-sink not found: apt-get install postfix (or use --sink aiosmtpd)")
        # -c prints running counters (we check the message count); as root it must drop privileges.
        command = [SMTP_SINK, "-c", *(["-u", "nobody"] if os.geteuid() == 0 else []), f"127.0.0.1:{port}", "1000"]
    else:
        command = [sys.executable, "-m", "aiosmtpd", "-n", "-c", "aiosmtpd.handlers.Sink", "-l", f"127.0.0.1:{port}"]
    sink = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT)
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            break
        except OSError:
            time.sleep(0.05)
    else:
        sink.kill()
        sys.exit(f"the {kind} sink did not start listening on port {port}")
    return sink, kind


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("subscribers", nargs="?", type=int, default=100_000)
    parser.add_argument("--sink", choices=["auto", "smtp-sink", "aiosmtpd"], default="auto")
    parser.add_argument("--profile", metavar="FILE", help="run the sender under cProfile (CPU time), stats to FILE")
    args = parser.parse_args()
    subscribers = args.subscribers
    import django

    django.setup()
    from django.core.management import call_command

    from newsletter import demo
    from newsletter.models import Edition, Subscriber

    call_command("migrate", verbosity=0)
    demo.seed_scale(max(subscribers // 10, 1), stdout=sys.stdout)
    Subscriber.objects.filter(email__endswith=f"@{demo.BENCH_DOMAIN}").exclude(
        pk__in=Subscriber.objects.filter(email__endswith=f"@{demo.BENCH_DOMAIN}").order_by("pk").values("pk")[:subscribers]
    ).delete()
    edition = Edition.objects.create(
        subject="🔥 Benchmark edition", slug=f"bench-{int(time.time())}", body=demo.EDITIONS[0]["body"]
    )
    active = Subscriber.objects.active().count()

    port = free_port()
    sink_log = tempfile.TemporaryFile()
    sink, sink_name = start_sink(args.sink, port, sink_log)
    sink_proc = psutil.Process(sink.pid)
    sink_cpu_before = sum(sink_proc.cpu_times()[:2])
    env = {**os.environ, "EMAIL_URL": f"smtp://127.0.0.1:{port}"}
    command = [sys.executable, "manage.py", "send_edition", str(edition.pk)]
    if args.profile:  # CPU time, not wall time: waiting on the sink or PostgreSQL is not the sender's cost
        command[1:2] = ["-c", PROFILE_CODE, os.path.abspath(args.profile)]
    started = time.monotonic()
    sender = subprocess.Popen(command, cwd=BASE_DIR, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    peak_rss = 0
    proc = psutil.Process(sender.pid)
    cpu = None
    while sender.poll() is None:
        try:
            peak_rss = max(peak_rss, proc.memory_info().rss)
            cpu = proc.cpu_times()
        except psutil.NoSuchProcess:
            break
        time.sleep(0.05)
    elapsed = time.monotonic() - started
    out, err = sender.communicate()
    sink_cpu = sum(sink_proc.cpu_times()[:2]) - sink_cpu_before
    sink.terminate()
    sink.wait()
    sink_log.seek(0)
    counters = re.findall(rb"mesg=(\d+)", sink_log.read())
    sink_count = f" sink_counted={int(counters[-1])}" if counters else ""
    if sender.returncode:
        sys.exit(err.decode())
    edition.refresh_from_db()
    load = os.getloadavg()
    sender_cpu = (cpu.user + cpu.system) if cpu else 0
    print(out.decode().strip())
    # On a shared machine the wall-clock rate mostly measures the neighbours; the sender's own CPU
    # time gives the rate one worker process sustains when it has a core to itself.
    print(
        f"subscribers={active} sent={edition.sent_count} elapsed={elapsed:.1f}s "
        f"wall_rate={edition.sent_count / elapsed:.0f}/s sender_cpu={sender_cpu:.1f}s "
        f"cpu_rate={edition.sent_count / max(sender_cpu, 0.001):.0f}/s per busy core "
        f"peak_rss={peak_rss / 2**20:.0f} MiB loadavg={load[0]:.1f} "
        f"sink={sink_name} sink_cpu={sink_cpu:.1f}s{sink_count}"
    )


if __name__ == "__main__":
    main()
