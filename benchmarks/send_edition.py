"""Measure `manage.py send_edition` against a local SMTP sink: emails/s per process and peak RSS.

    .venv/bin/python -m fluxsite.embedded_pg -- .venv/bin/python benchmarks/send_edition.py [SUBSCRIBERS]

Uses a throwaway embedded PostgreSQL (the command above), seeds the benchmark subscribers with COPY,
starts aiosmtpd's Sink handler in its own process, and runs one sender process under
/usr/bin/time -v (when present) or psutil sampling for its peak resident memory.
"""

import os
import socket
import subprocess
import sys
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


def main():
    subscribers = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
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
    sink = subprocess.Popen(
        [sys.executable, "-m", "aiosmtpd", "-n", "-c", "aiosmtpd.handlers.Sink", "-l", f"127.0.0.1:{port}"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    time.sleep(1.0)
    env = {**os.environ, "EMAIL_URL": f"smtp://127.0.0.1:{port}"}
    command = [sys.executable, "manage.py", "send_edition", str(edition.pk)]
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
    sink.terminate()
    sink.wait()
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
        f"peak_rss={peak_rss / 2**20:.0f} MiB loadavg={load[0]:.1f}"
    )


if __name__ == "__main__":
    main()
