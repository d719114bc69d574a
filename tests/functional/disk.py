"""What the program left on disk, for tests that check nothing leaks and nothing is lost."""

from __future__ import annotations

from pathlib import Path


def files_under(root: Path) -> list[Path]:
    return sorted(p for p in root.rglob("*") if p.is_file())


def bytes_under(root: Path) -> bytes:
    """Every byte of every file below ``root``, file names included."""
    return b"\n".join(p.name.encode() + b"\n" + p.read_bytes() for p in files_under(root))


def log_text(data_dir: Path) -> str:
    """All the kiosk's log files of a data folder, oldest file first."""
    logs = sorted((data_dir / "logs").glob("kiosk*.log*"))
    return "\n".join(p.read_text(encoding="utf-8") for p in logs)
