"""A fake OpenAI-compatible chat server on 127.0.0.1, started by a test, with one behaviour at a time.

Behaviours: "stream" (a streamed reply, in small pieces), "slow" (the same, each piece late), "stall"
(headers, then nothing), "ping" (headers, then keep-alive comments and never a token), "http500",
"nonsense" (200 with a body that is not a chat completion) and "empty" (a well-formed stream with no
text). It records every request it receives.
"""

from __future__ import annotations

import json
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

MODEL_ID = "fake-model"


@dataclass
class FakeOpenAI:
    """The server's state: what it answers and what it was asked."""

    reply: str = "Réponse du modèle."
    behaviour: str = "stream"
    piece_delay: float = 0.0
    requests: list[dict] = field(default_factory=list)
    headers: list[dict[str, str]] = field(default_factory=list)
    url: str = ""
    _server: ThreadingHTTPServer | None = None

    def start(self) -> FakeOpenAI:
        state = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: object) -> None:  # quiet
                pass

            def do_GET(self) -> None:
                if self.path.rstrip("/").endswith("/models"):
                    self._json(200, {"object": "list", "data": [{"id": MODEL_ID, "object": "model"}]})
                else:
                    self._json(404, {"error": {"message": "not found"}})

            def do_POST(self) -> None:
                body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
                state.requests.append(body)
                state.headers.append({k.lower(): v for k, v in self.headers.items()})
                state.answer(self)

            def _json(self, status: int, payload: dict) -> None:
                data = json.dumps(payload).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self._server.server_address[1]}/v1"
        threading.Thread(target=self._server.serve_forever, daemon=True).start()
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()

    def answer(self, handler: BaseHTTPRequestHandler) -> None:
        if self.behaviour == "http500":
            handler._json(500, {"error": {"message": "internal error", "type": "server_error"}})  # type: ignore[attr-defined]
            return
        handler.send_response(200)
        handler.send_header("Content-Type", "text/event-stream")
        handler.end_headers()
        if self.behaviour == "stall":
            time.sleep(30)
            return
        if self.behaviour == "ping":
            try:
                for _ in range(150):
                    handler.wfile.write(b": ping\n\n")
                    handler.wfile.flush()
                    time.sleep(0.2)
            except (BrokenPipeError, ConnectionResetError):
                pass
            return
        if self.behaviour == "nonsense":
            handler.wfile.write(b"data: <html>this is not a chat completion</html>\n\n")
            return
        pieces = [] if self.behaviour == "empty" else [self.reply[i:i + 4] for i in range(0, len(self.reply), 4)]
        try:
            for piece in pieces:
                if self.behaviour == "slow":
                    time.sleep(self.piece_delay)
                chunk = {"id": "c1", "object": "chat.completion.chunk", "created": 0, "model": MODEL_ID,
                         "choices": [{"index": 0, "delta": {"content": piece}, "finish_reason": None}]}
                handler.wfile.write(f"data: {json.dumps(chunk)}\n\n".encode())
                handler.wfile.flush()
            handler.wfile.write(b"data: [DONE]\n\n")
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client stopped reading (early stop)
