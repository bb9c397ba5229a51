"""A real webhook receiver for tests: an HTTP server on 127.0.0.1 in a thread, which
keeps what it receives and answers with the status codes it is told to."""

import base64
import hashlib
import hmac
import http.server
import json
import threading
from dataclasses import dataclass, field

PORTS = range(8200, 8300)


@dataclass
class Received:
    path: str
    headers: dict
    body: bytes

    @property
    def json(self) -> dict:
        return json.loads(self.body)


@dataclass
class Receiver:
    server: http.server.ThreadingHTTPServer = None
    received: list[Received] = field(default_factory=list)
    # Status codes to answer, in order; 200 once they run out.
    answers: list[int] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}/hooks/tradefair"

    def bodies(self) -> list[dict]:
        return [item.json for item in self.received]


def verify(secret: str, headers: dict, body: bytes) -> bool:
    """What docs/webhooks.md tells receivers to do: HMAC-SHA256 of id.timestamp.body with
    the secret's key, compared in constant time with each v1 signature sent."""
    key = base64.b64decode(secret.removeprefix("whsec_"))
    signed = f"{headers['webhook-id']}.{headers['webhook-timestamp']}.".encode() + body
    expected = base64.b64encode(hmac.new(key, signed, hashlib.sha256).digest()).decode()
    return any(
        hmac.compare_digest(expected, part.split(",", 1)[1])
        for part in headers["webhook-signature"].split()
        if part.startswith("v1,")
    )


def start_receiver() -> Receiver:
    receiver = Receiver()

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_POST(self):  # noqa: N802 - http.server's name
            length = int(self.headers.get("Content-Length", 0))
            body = self.rfile.read(length)
            with receiver.lock:
                receiver.received.append(
                    Received(
                        path=self.path, headers={k.lower(): v for k, v in self.headers.items()}, body=body
                    )
                )
                status = receiver.answers.pop(0) if receiver.answers else 200
            self.send_response(status)
            self.send_header("Content-Length", "2")
            self.end_headers()
            self.wfile.write(b"ok")

        def log_message(self, *args):
            pass

    for port in PORTS:
        try:
            receiver.server = http.server.ThreadingHTTPServer(("127.0.0.1", port), Handler)
            break
        except OSError:
            continue
    else:
        raise RuntimeError("no free port in 8200-8299")
    threading.Thread(target=receiver.server.serve_forever, daemon=True).start()
    return receiver
