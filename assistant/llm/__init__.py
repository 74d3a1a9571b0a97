"""The only part of the product that talks to a language model.

    rewrite, Q&A ──► ChatModel.chat(messages) ──► OpenAI chat-completions protocol
                                                   ├─► built-in: llama.cpp server in a child process (default)
                                                   └─► ASSISTANT_LLM_URL: Ollama, llama-server, LM Studio, vLLM
"""

from assistant.llm.client import ChatModel, OpenAIChatModel, builtin_server, get_chat_model, stop_servers
from assistant.llm.model_file import check_model_file, default_model_path, model_path

__all__ = [
    "ChatModel",
    "OpenAIChatModel",
    "builtin_server",
    "check_model_file",
    "default_model_path",
    "get_chat_model",
    "model_path",
    "stop_servers",
]
