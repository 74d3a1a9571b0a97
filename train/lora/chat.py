"""The prompt exactly as the built-in server builds it, as token ids: llama-cpp-python's own chat formatter
(the GGUF's Jinja template, or a named chat format) and llama.cpp's own tokenizer (vocabulary only).

Training on any other rendering (transformers' template, another BOS rule) teaches the adapter a format
it never sees at inference.
"""

from __future__ import annotations

from pathlib import Path


class ChatTokens:
    """Renders chat messages and tokenises prompt and reply as llama.cpp will see them."""

    def __init__(self, gguf: Path, chat_format: str | None) -> None:
        from llama_cpp import Llama, llama_chat_format

        self.llama = Llama(model_path=str(gguf), vocab_only=True, verbose=False, chat_format=chat_format)
        if self.llama.chat_format == "chat_template.default":
            model = self.llama._model
            self.formatter = llama_chat_format.Jinja2ChatFormatter(
                template=self.llama.metadata["tokenizer.chat_template"],
                eos_token=model.token_get_text(self.llama.token_eos()),
                bos_token=model.token_get_text(self.llama.token_bos()),
            )
        else:
            self.formatter = getattr(llama_chat_format, f"format_{self.llama.chat_format.replace('-', '_')}")
        probe = self.formatter(messages=[{"role": "user", "content": "x"}])
        stop = probe.stop[0] if isinstance(probe.stop, list) else probe.stop
        # The reply ends with the token the server stops on (« <|im_end|> », « <end_of_turn> »).
        self.end = self.tokenize(stop.strip(), special=True)
        if len(self.end) != 1:
            raise ValueError(f"The stop string {stop!r} is not one token for this model.")

    def tokenize(self, text: str, *, special: bool = False, bos: bool = False) -> list[int]:
        return list(self.llama.tokenize(text.encode("utf-8"), add_bos=bos, special=special))

    def prompt(self, messages: list[dict[str, str]]) -> list[int]:
        """The token ids the server feeds the model before it starts its reply."""
        rendered = self.formatter(messages=messages)
        return self.tokenize(rendered.prompt, special=True, bos=not rendered.added_special)

    def reply(self, text: str) -> list[int]:
        """The token ids of a reply, ending with the stop token."""
        return self.tokenize(text) + self.end

    def text(self, tokens: list[int]) -> str:
        return self.llama.detokenize(tokens, special=True).decode("utf-8", errors="replace")
