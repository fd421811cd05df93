"""A real SMTP server on localhost that keeps what it receives: for tests and the benchmark.

It can be told to answer the next DATA commands with given replies (e.g. "451 ..." to make the
sender retry) and to refuse some recipients at RCPT with a 550. Needs aiosmtpd (a dev
dependency), imported here so that production never loads it.
"""

import logging
import socket
import threading
import time
from collections import deque
from email import message_from_bytes, policy
from email.message import EmailMessage
from email.parser import BytesHeaderParser
from email.policy import compat32


class SmtpSink:
    def __init__(self) -> None:
        self._received: list[bytes] = []
        self.first_at: float | None = None
        self.last_at: float | None = None
        self.refused: set[str] = set()
        self.replies: deque[str] = deque()
        self._lock = threading.Lock()
        self._controller = None
        self.port = 0

    # aiosmtpd handler hooks ----------------------------------------------------------------

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address.lower() in self.refused:
            return "550 5.1.1 No such mailbox here"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        with self._lock:
            if self.replies:
                return self.replies.popleft()
            # Parsing waits until a test asks: the benchmark must measure the sender, not this.
            envelope_to = ", ".join(envelope.rcpt_tos).encode()
            self._received.append(b"X-Envelope-To: " + envelope_to + b"\r\n" + envelope.content)
            self.last_at = time.perf_counter()
            self.first_at = self.first_at or self.last_at
        return "250 2.0.0 Accepted"

    # Control -------------------------------------------------------------------------------

    def start(self) -> "SmtpSink":
        from aiosmtpd.controller import Controller

        # aiosmtpd logs every SMTP command at INFO: thousands of lines that cost real time.
        logging.getLogger("mail.log").setLevel(logging.WARNING)
        self.port = free_port()
        self._controller = Controller(self, hostname="127.0.0.1", port=self.port)
        self._controller.start()
        return self

    def stop(self) -> None:
        if self._controller is not None:
            self._controller.stop()
            self._controller = None

    @property
    def messages(self) -> list[EmailMessage]:
        with self._lock:
            received = list(self._received)
        return [message_from_bytes(raw, policy=policy.default) for raw in received]

    def count(self) -> int:
        with self._lock:
            return len(self._received)

    def message_ids(self) -> list[str]:
        with self._lock:
            received = list(self._received)
        parser = BytesHeaderParser(policy=compat32)
        return [str(parser.parsebytes(raw)["Message-ID"]).strip() for raw in received]

    def wait_for(self, count: int, timeout: float) -> bool:
        """Wait until at least `count` messages arrived; False if the time ran out."""
        deadline = time.monotonic() + timeout
        while self.count() < count:
            if time.monotonic() > deadline:
                return False
            time.sleep(0.05)
        return True


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]
