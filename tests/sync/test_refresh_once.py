"""A refresh is sent once: resending it after a lost answer would reuse a rotated token.

The portal revokes the whole token family on reuse (theft detection, issue 8 #13), so a
client that retried a refresh whose answer was lost would sign its own user out.
"""

from __future__ import annotations

import socket
import threading

import pytest

from mpro_desktop.sync.client import PortalClient, PortalUnreachable


class DroppingServer:
    """Reads each request and closes the connection without answering (answer lost)."""

    def __init__(self) -> None:
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(8)
        self.requests: list[bytes] = []
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self._thread.start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.sock.getsockname()[1]}"

    def _serve(self) -> None:
        while True:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                return
            with conn:
                data = b""
                while b"\r\n\r\n" not in data:
                    chunk = conn.recv(65536)
                    if not chunk:
                        break
                    data += chunk
                self.requests.append(data.split(b"\r\n", 1)[0])

    def close(self) -> None:
        self.sock.close()


def test_a_refresh_whose_answer_is_lost_is_not_sent_again():
    server = DroppingServer()
    client = PortalClient(server.url, access_token="a", refresh_token="r")
    try:
        with pytest.raises(PortalUnreachable):
            client.refresh()
        assert [r for r in server.requests if b"/auth/refresh" in r] == [
            b"POST /api/v1/auth/refresh HTTP/1.1"
        ]
    finally:
        client.close()
        server.close()


def test_other_requests_are_still_retried_after_a_lost_answer():
    server = DroppingServer()
    client = PortalClient(server.url, access_token="a")
    try:
        with pytest.raises(PortalUnreachable):
            client.me()
        assert len([r for r in server.requests if b"/me" in r]) == 3  # 1 + 2 retries
    finally:
        client.close()
        server.close()
