"""LoRA adapters for one narrow task on a small local GGUF model: trained on the CPU, exported as GGUF LoRA.

    corpus (JSONL) ─► chat.py: the exact prompt llama.cpp's server builds, as token ids
                  ─► finetune.py: the GGUF base dequantised by transformers, LoRA trained with peft
                  ─► export.py: llama.cpp's convert_lora_to_gguf.py (from the llama-cpp-python sdist on PyPI)
                  ─► adapters/<task>-<base>.gguf + a training card (card.py)
"""
