"""A loopback HTTP server answering for real hosts from recorded responses (``newscrawl.recordings``).

Run as ``python -m tests.servers.recorded_site RECORDINGS_DIR``: it binds 127.0.0.1 on an ephemeral port,
prints ``PORT <n>`` on its first stdout line, routes each request by its Host header and path to the recording
of ``https://<host><path>`` (or ``http://``), and logs every request as a JSON line on stderr.
"""

from __future__ import annotations

import json
import sys
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from newscrawl.recordings import RecordingStore


def make_handler(store: RecordingStore) -> type[BaseHTTPRequestHandler]:
    class RecordedSiteHandler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def do_GET(self) -> None:
            self._answer(b"")

        def do_POST(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            self._answer(self.rfile.read(length))

        def _answer(self, request_body: bytes) -> None:
            host = self.headers.get("Host", "")
            recording = None
            for scheme in ("https", "http"):
                recording = store.find(self.command, f"{scheme}://{host}{self.path}", request_body)
                if recording:
                    break
            status = recording.status if recording else 404
            body = recording.body() if recording else b"not recorded\n"
            self.send_response(status)
            for name, values in (recording.headers.items() if recording else [("Content-Type", ["text/plain"])]):
                if name.lower() in ("content-length", "transfer-encoding", "connection"):
                    continue
                for value in values:
                    self.send_header(name, value)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format: str, *args: object) -> None:
            sys.stderr.write(json.dumps({"method": self.command, "host": self.headers.get("Host"),
                                         "path": self.path, "line": format % args}) + "\n")
            sys.stderr.flush()

    return RecordedSiteHandler


def main() -> None:
    store = RecordingStore(sys.argv[1])
    server = ThreadingHTTPServer(("127.0.0.1", 0), make_handler(store))
    print(f"PORT {server.server_address[1]}", flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main()
