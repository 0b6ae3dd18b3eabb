"""Root conftest: makes the source tree importable without installing it."""
