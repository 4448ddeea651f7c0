"""SIGKILL `manage.py send_edition` mid-send again and again, resume, and count at a real SMTP server.

Nobody may be skipped; a repeat is only allowed for a message that was inside an SMTP transaction
when a kill landed (so at most one per kill), and it must carry the same Message-ID.
"""

import os
import random
import signal
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import pytest
from django.db import connection

from newsletter.models import Delivery, Edition, message_id_for

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

BASE_DIR = Path(__file__).resolve().parents[2]
MIN_KILLS = 22
SUBSCRIBERS = 40


def sender_env(smtp_port, batch_size):
    db = connection.settings_dict
    return {
        **os.environ,
        "DATABASE_URL": f"postgresql://{db['USER']}@/{db['NAME']}?host={db['HOST']}&port={db['PORT']}",
        "EMAIL_URL": f"smtp://127.0.0.1:{smtp_port}",
        "SECRET_KEY": "kill-and-resume-test-" + "k" * 40,
        "NEWSLETTER_BATCH_SIZE": str(batch_size),
        "LOG_LEVEL": "WARNING",
    }


def start_sender(edition_id, env):
    return subprocess.Popen(
        [sys.executable, "manage.py", "send_edition", str(edition_id)],
        cwd=BASE_DIR,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )


def test_kills_at_random_points_never_skip_anyone_and_repeat_at_most_once_per_kill(smtp_server, make_subscriber, make_edition):
    handler = smtp_server.handler
    handler.delay = 0.015  # a slightly slow server, so kills land mid-transaction
    subscribers = [make_subscriber() for _ in range(SUBSCRIBERS)]
    env = sender_env(smtp_server.port, batch_size=9)
    rng = random.Random(20261129)
    total_kills = 0
    where = Counter()
    editions = []
    deadline = time.monotonic() + 420

    trial = 0
    while total_kills < MIN_KILLS:
        edition = make_edition()
        kills = 0
        while True:
            assert time.monotonic() < deadline, "kill-and-resume trials took too long"
            start_count = len(handler.messages)
            process = start_sender(edition.pk, env)
            if total_kills + kills >= MIN_KILLS:
                plan = "finish"
            else:
                plan = "startup" if trial % 5 == 4 else "after-messages"
            trial += 1
            if plan == "startup":
                time.sleep(rng.uniform(0.05, 1.2))
            elif plan == "after-messages":
                target = start_count + rng.randint(1, 12)
                while len(handler.messages) < target and process.poll() is None:
                    time.sleep(0.001)
                time.sleep(rng.uniform(0, 0.03))
            if plan != "finish" and process.poll() is None:
                process.send_signal(signal.SIGKILL)
                process.wait()
                kills += 1
                where[plan] += 1
                continue
            out, err = process.communicate(timeout=120)
            assert process.returncode == 0, err.decode()
            break
        editions.append((edition, kills))
        total_kills += kills

    assert total_kills >= MIN_KILLS
    assert where["after-messages"] >= MIN_KILLS // 2  # most kills land mid-send, not during start-up

    for edition, kills in editions:
        edition.refresh_from_db()
        assert edition.status == Edition.Status.SENT
        prefix = f"<sauce-drop.e{edition.pk}."
        messages = [m for m in handler.messages if m["Message-ID"].startswith(prefix)]
        per_subscriber = Counter(m["To"] for m in messages)
        # Everyone got it.
        assert set(per_subscriber) == {s.email for s in subscribers}
        # Every copy a subscriber got carries that subscriber's one Message-ID.
        for subscriber in subscribers:
            ids = {m["Message-ID"] for m in messages if m["To"] == subscriber.email}
            assert ids == {message_id_for(edition.pk, subscriber.pk)}
        repeats = len(messages) - len(subscribers)
        assert repeats <= kills, (repeats, kills)
        per_message_id = Counter(m["Message-ID"] for m in messages)
        assert sum(n - 1 for n in per_message_id.values()) == repeats
        # The delivery table tells which sends were uncertain: every repeat is one of them.
        uncertain = Delivery.objects.filter(edition=edition, was_uncertain=True)
        assert repeats <= uncertain.count() <= kills
        repeated_ids = {mid for mid, n in per_message_id.items() if n > 1}
        uncertain_ids = {message_id_for(edition.pk, sid) for sid in uncertain.values_list("subscriber_id", flat=True)}
        assert repeated_ids <= uncertain_ids
        assert not Delivery.objects.filter(edition=edition).exclude(state=Delivery.State.SENT).exists()
