"""Fixtures for fault tests: servers a test can stop, kill or freeze."""

import shutil
import signal
import subprocess
import time

import pytest
import redis

from tests.servers import collected_static, free_port, stoppable_database  # noqa: F401 - shared fixtures


@pytest.fixture
def own_redis(tmp_path):
    """A redis-server of this test's own (the shared one on 6379 must not be touched)."""
    port = free_port()
    command = [shutil.which("redis-server"), "--port", str(port), "--bind", "127.0.0.1", "--save", "",
               "--appendonly", "no", "--dir", str(tmp_path)]

    class Redis:
        url = f"redis://127.0.0.1:{port}/0"
        client = redis.Redis(port=port, socket_timeout=1)
        process = None

        def start(self):
            self.process = subprocess.Popen(command, stdout=subprocess.DEVNULL)  # noqa: S603
            for _ in range(100):
                try:
                    if self.client.ping():
                        return
                except redis.ConnectionError:
                    time.sleep(0.05)
            pytest.fail("redis-server did not start")

        def kill(self):
            self.process.kill()
            self.process.wait()

        def pause(self):
            """Freeze it (SIGSTOP): connections are accepted by the kernel, nothing answers."""
            self.process.send_signal(signal.SIGSTOP)

        def resume(self):
            self.process.send_signal(signal.SIGCONT)

    server = Redis()
    server.start()
    yield server
    if server.process.poll() is None:
        server.resume()
        server.kill()
