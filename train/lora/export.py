"""A peft adapter turned into a GGUF LoRA by llama.cpp's own converter.

The converter (convert_lora_to_gguf.py, with convert_hf_to_gguf.py and gguf-py beside it) ships in the
llama-cpp-python sdist under vendor/llama.cpp: it is fetched from PyPI for the installed version, the one
whose llama.cpp will load the adapter, and unpacked into a cache folder. None of its code is in this repository.
"""

from __future__ import annotations

import subprocess
import sys
import tarfile
from importlib.metadata import version
from pathlib import Path

CACHE = Path.home() / ".cache" / "crm-gdpr-assistant" / "llama-convert"
_WANTED = ("convert_lora_to_gguf.py", "convert_hf_to_gguf.py", "conversion/", "gguf-py/")


def converter(cache: Path = CACHE) -> Path:
    """Path to convert_lora_to_gguf.py for the installed llama-cpp-python, fetched from PyPI once."""
    release = version("llama-cpp-python")
    folder = cache / release
    script = folder / "convert_lora_to_gguf.py"
    if script.exists():
        return script
    folder.mkdir(parents=True, exist_ok=True)
    subprocess.run(
        [sys.executable, "-m", "pip", "download", "--quiet", "--no-deps", "--no-binary", ":all:",
         f"llama-cpp-python=={release}", "-d", str(folder)],
        check=True,
    )
    archive = next(folder.glob("llama_cpp_python-*.tar.gz"))
    prefix = f"{archive.name.removesuffix('.tar.gz')}/vendor/llama.cpp/"
    with tarfile.open(archive) as tar:
        for member in tar.getmembers():
            inner = member.name.removeprefix(prefix)
            if member.name.startswith(prefix) and inner.startswith(_WANTED) and member.isfile():
                member.name = inner
                tar.extract(member, folder, filter="data")
    archive.unlink()
    return script


def export_gguf(adapter_dir: Path, base_config_dir: Path, out: Path, outtype: str = "f16") -> Path:
    """Convert the peft adapter in `adapter_dir` (safetensors + adapter_config.json) into a GGUF LoRA at `out`."""
    out.parent.mkdir(parents=True, exist_ok=True)
    subprocess.run(
        [sys.executable, str(converter()), str(adapter_dir), "--base", str(base_config_dir),
         "--outfile", str(out), "--outtype", outtype],
        check=True,
    )
    return out
