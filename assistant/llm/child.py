"""The built-in model process: llama-cpp-python's OpenAI-compatible server, tied to the app that started it.

Run as `python -m assistant.llm.child CONFIG.json` by `assistant.llm.builtin`; this is the only module of
the product that imports llama_cpp, and it runs in its own process, so a native fault in llama.cpp ends
this process, never the app. It exits by itself once its parent is gone: no model outlives the app.
"""

from __future__ import annotations

import os
import sys
import threading
import time

ORPHAN_CHECK_SECONDS = 1.0
EXIT_NOT_INSTALLED = 3


def _exit_when_orphaned(parent: int) -> None:
    while os.getppid() == parent:
        time.sleep(ORPHAN_CHECK_SECONDS)
    os._exit(0)


def main() -> None:
    threading.Thread(target=_exit_when_orphaned, args=(os.getppid(),), daemon=True).start()
    try:
        from llama_cpp.server.__main__ import main as serve
    except ImportError as error:
        print(f"llama-cpp-python's server is not installed ({error.name}): run `make install`.", file=sys.stderr)
        sys.exit(EXIT_NOT_INSTALLED)
    sys.argv = [sys.argv[0], "--config_file", sys.argv[1]]
    serve()


if __name__ == "__main__":
    main()
