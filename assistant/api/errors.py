"""Every API error is JSON `{"error": {"code", "message"}}` with one plain sentence, never the comment text."""

from __future__ import annotations

import logging
import traceback

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException

from assistant.errors import AssistantError, ConfigError, InputError, ModelError, StoreError

log = logging.getLogger("assistant.api")

# Library errors → (HTTP status, code). The first class an error is an instance of wins.
LIBRARY_ERRORS: tuple[tuple[type[AssistantError], int, str], ...] = (
    (InputError, 422, "invalid_input"),
    (ModelError, 503, "model_unavailable"),
    (StoreError, 503, "store_unavailable"),
    (ConfigError, 500, "configuration_error"),
    (AssistantError, 500, "assistant_error"),
)
HTTP_CODES = {
    400: ("bad_request", "The request could not be read."),
    401: ("unauthorized", "Send a valid API key in the header `Authorization: Bearer <key>`."),
    404: ("not_found", "There is nothing at this address; see /api/docs for the endpoints."),
    405: ("method_not_allowed", "This address does not accept this HTTP method; see /api/docs."),
    413: ("payload_too_large", "The request body is larger than the server accepts."),
    415: ("unsupported_media_type", "Send the request body as JSON (Content-Type: application/json)."),
}


class APIError(HTTPException):
    """An error raised by an endpoint, with its code and sentence."""

    def __init__(self, status: int, code: str, message: str) -> None:
        super().__init__(status_code=status, detail=message)
        self.code = code


def error_body(code: str, message: str) -> dict[str, dict[str, str]]:
    return {"error": {"code": code, "message": message}}


def error_response(status: int, code: str, message: str, headers: dict[str, str] | None = None) -> JSONResponse:
    return JSONResponse(error_body(code, message), status_code=status, headers=headers)


def library_error(error: AssistantError) -> tuple[int, str, str]:
    """(status, code, message) of a library error."""
    status, code = next((status, code) for kind, status, code in LIBRARY_ERRORS if isinstance(error, kind))
    return status, code, str(error)


def _field(location: tuple) -> str:
    parts = [str(part) for part in location if part not in ("body", "query", "path", "header", "form")]
    return ".".join(parts) or "body"


def validation_message(error: RequestValidationError) -> tuple[int, str, str]:
    """One sentence naming the first bad field and what is wrong, without quoting the value sent."""
    first = error.errors()[0] if error.errors() else {}
    if first.get("type") == "json_invalid":
        return 400, "invalid_json", "The request body is not valid JSON."
    if first.get("type") == "model_attributes_type":
        return 422, "invalid_request", "The request body must be a JSON object."
    field, reason = _field(tuple(first.get("loc", ()))), str(first.get("msg", "is invalid"))
    reason = reason.removeprefix("Value error, ").rstrip(".")
    if field == "body":
        return 422, "invalid_request", f"{reason[:1].upper()}{reason[1:]}."
    return 422, "invalid_request", f"Field `{field}`: {reason[:1].lower()}{reason[1:]}."


def install_error_handlers(app: FastAPI) -> None:
    """Turn every failure of an API route into the JSON error shape."""

    @app.exception_handler(AssistantError)
    async def _library(_request: Request, error: AssistantError) -> JSONResponse:
        status, code, message = library_error(error)
        log.info("API request stopped with %s (%s)", type(error).__name__, code)
        return error_response(status, code, message)

    @app.exception_handler(RequestValidationError)
    async def _validation(_request: Request, error: RequestValidationError) -> JSONResponse:
        return error_response(*validation_message(error))

    @app.exception_handler(HTTPException)
    async def _http(_request: Request, error: HTTPException) -> JSONResponse:
        if isinstance(error, APIError):
            code, message = error.code, str(error.detail)
        else:
            code, message = HTTP_CODES.get(error.status_code, ("http_error", "The request failed."))
        return error_response(error.status_code, code, message, headers=error.headers)

    @app.exception_handler(Exception)
    async def _unexpected(_request: Request, error: Exception) -> JSONResponse:
        stack = "".join(traceback.format_tb(error.__traceback__))
        log.error("API request failed with %s (message withheld: it may quote user text)\n%s",
                  type(error).__name__, stack)
        return error_response(500, "internal_error",
                              f"The server failed ({type(error).__name__}); the log has the details.")
