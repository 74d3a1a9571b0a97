"""Request-size limits of the API, enforced before a body is read: a JSON error, never a half-read request."""

from __future__ import annotations

import json
from collections.abc import Callable

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from assistant.api.errors import APIError, error_body

API_PREFIX = "/api/"


class BodyTooLarge(APIError):
    """Raised while reading a body that passes the limit (a chunked request without Content-Length)."""

    def __init__(self, limit: int) -> None:
        super().__init__(413, "payload_too_large", _message(limit))


def _message(limit: int) -> str:
    size = f"{limit / 1024 / 1024:g} MB" if limit >= 1024 * 1024 else f"{limit / 1024:g} KB"
    return f"The request body is larger than the {size} this server accepts; send less at a time."


class BodyLimit:
    """ASGI middleware: API requests whose body exceeds `limit_for(scope)` bytes get a 413 JSON error."""

    def __init__(self, app: ASGIApp, limit_for: Callable[[Scope], int | None]) -> None:
        self.app = app
        self.limit_for = limit_for

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        limit = self.limit_for(scope) if scope["type"] == "http" else None
        if limit is None:
            await self.app(scope, receive, send)
            return
        declared = dict(scope.get("headers") or ()).get(b"content-length")
        if declared is not None and declared.isdigit() and int(declared) > limit:
            await _reject(send, limit)
            return
        received = 0

        async def counted() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > limit:
                    raise BodyTooLarge(limit)
            return message

        await self.app(scope, counted, send)


async def _reject(send: Send, limit: int) -> None:
    body = json.dumps(error_body("payload_too_large", _message(limit))).encode("utf-8")
    await send({"type": "http.response.start", "status": 413,
                "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode()),
                            (b"connection", b"close")]})
    await send({"type": "http.response.body", "body": body})


def api_limits(json_bytes: int, upload_bytes: int) -> Callable[[Scope], int | None]:
    """Uploads (POST /api/v1/audits) may be as large as an export; other API bodies are JSON."""

    def limit_for(scope: Scope) -> int | None:
        path = scope.get("path", "")
        if not path.startswith(API_PREFIX):
            return None
        return upload_bytes if path.rstrip("/").endswith("/audits") else json_bytes

    return limit_for
