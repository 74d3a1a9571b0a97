"""Build hook only (everything else is in pyproject.toml): ship knowledge/ and prompts/ inside the package.

They stay at the top of the repository, where people edit them; a built wheel carries them as
assistant/knowledge/ and assistant/prompts/, which assistant.config finds first (see `bundled_dir`).
"""

from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

DATA_FOLDERS = ("knowledge", "prompts")


class BuildWithData(build_py):
    """build_py, then a copy of the data folders into the built package."""

    def run(self) -> None:
        super().run()
        if self.editable_mode:  # an editable install reads the folders from the checkout
            return
        for name in DATA_FOLDERS:
            self.copy_tree(str(Path(__file__).parent / name), str(Path(self.build_lib) / "assistant" / name))


setup(cmdclass={"build_py": BuildWithData})
