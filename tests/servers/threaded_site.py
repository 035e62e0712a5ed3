"""A loopback HTTP server in a thread of the test process, answering from recordings like ``recorded_site``.

Unlike the subprocess server, a test can see each request's headers as they arrive and hold chosen requests
unanswered (``hold``) until it releases them: what a slow site looks like when a crawl must be interrupted.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from newscrawl.recordings import RecordingStore


@dataclass
class SeenRequest:
    host: str
    path: str
    headers: dict[str, str]


@dataclass
class ThreadedSite:
    origin: str
    requests: list[SeenRequest] = field(default_factory=list)
    #: Set once a held request has arrived.
    held_request_arrived: threading.Event = field(default_factory=threading.Event)
    #: Set to let held requests be answered (with a 503).
    release: threading.Event = field(default_factory=threading.Event)


@contextmanager
def threaded_site(store: RecordingStore, hold: Callable[[str], bool] = lambda path: False) -> Iterator[ThreadedSite]:
    """Serve ``store`` on 127.0.0.1:<ephemeral>; requests whose path ``hold`` accepts wait for ``release``."""
    site = ThreadedSite(origin="")

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def do_GET(self) -> None:
            host = self.headers.get("Host", "")
            site.requests.append(SeenRequest(host, self.path, dict(self.headers.items())))
            if hold(self.path):
                site.held_request_arrived.set()
                site.release.wait(timeout=60)
                self._send(503, {"Content-Type": ["text/plain"]}, b"released\n")
                return
            recording = None
            for scheme in ("https", "http"):
                recording = store.find("GET", f"{scheme}://{host}{self.path}")
                if recording:
                    break
            if recording is None:
                self._send(404, {"Content-Type": ["text/plain"]}, b"not recorded\n")
            else:
                self._send(recording.status, recording.headers, recording.body())

        def _send(self, status: int, headers: dict[str, list[str]], body: bytes) -> None:
            try:
                self.send_response(status)
                for name, values in headers.items():
                    if name.lower() not in ("content-length", "transfer-encoding", "connection"):
                        for value in values:
                            self.send_header(name, value)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)
            except (BrokenPipeError, ConnectionResetError):
                pass  # the crawler gave up on this request

        def log_message(self, format: str, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    site.origin = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield site
    finally:
        site.release.set()
        server.shutdown()
        server.server_close()
