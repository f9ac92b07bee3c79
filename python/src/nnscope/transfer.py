"""Bytes out: arrays and model files sent to the front end in chunks.

Jupyter's websocket refuses single messages over 10 MiB by default
(``ServerApp.tornado_settings.websocket_max_message_size``), so nothing is
sent in one piece: each chunk is a memoryview of the array (no copy), sent as
a binary buffer of a comm message with its offset. The front end asks for a
key when a view needs it (a new view, a reloaded page), so nothing is sent
before a view exists, and bytes no view needs are never sent.
"""

from __future__ import annotations

import os
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterator

#: 4 MiB: well under the 10 MiB websocket limit with the message's JSON, and
#: small enough that the server's and the browser's buffers stay small.
CHUNK_BYTES = 4 * 2**20

Send = Callable[[dict, list], None]


def chunks(buffer: memoryview, chunk_bytes: int = CHUNK_BYTES) -> Iterator[tuple[int, memoryview]]:
    """``(offset, view)`` pairs covering ``buffer``; views, never copies."""
    if chunk_bytes <= 0:
        raise ValueError(f"chunk_bytes must be positive, got {chunk_bytes}")
    for offset in range(0, buffer.nbytes, chunk_bytes):
        yield offset, buffer[offset : offset + chunk_bytes]


def send_bytes(send: Send, key: str, buffer: memoryview, chunk_bytes: int = CHUNK_BYTES) -> int:
    """Sends ``buffer`` as chunk messages for ``key``; returns how many were sent."""
    count = 0
    for offset, view in chunks(buffer, chunk_bytes):
        send({"type": "chunk", "key": key, "offset": offset, "nbytes": buffer.nbytes}, [view])
        count += 1
    return count


@dataclass(eq=False)
class ModelFiles:
    """A tfjs LayersModel directory (``model.json`` and its weight files), served through the comm."""

    directory: Path
    files: dict[str, Path]
    key: str = field(default_factory=lambda: uuid.uuid4().hex)
    keys: dict[str, str] = field(default_factory=dict)

    @classmethod
    def open(cls, path: str | os.PathLike[str], name: str) -> "ModelFiles":
        """Checks that ``path`` (a directory with model.json, or model.json itself) is a loadable model."""
        import json

        from .arrays import NnValueError

        location = Path(path)
        manifest = location if location.name.endswith(".json") else location / "model.json"
        if not manifest.is_file():
            raise NnValueError(f"{name}: expected a tfjs model directory with a model.json, but {str(manifest)!r} does not exist")
        try:
            spec = json.loads(manifest.read_text())
        except ValueError as error:
            raise NnValueError(f"{name}: {str(manifest)!r} is not JSON ({error})") from None
        if "modelTopology" not in spec:
            raise NnValueError(f"{name}: {str(manifest)!r} has no modelTopology; expected a tfjs LayersModel (tf.keras / tfjs-layers format)")
        files = {"model.json": manifest}
        for group in spec.get("weightsManifest", []):
            for weight_path in group.get("paths", []):
                weight_file = manifest.parent / weight_path
                if not weight_file.is_file():
                    raise NnValueError(f"{name}: model.json names weight file {weight_path!r}, which is missing from {str(manifest.parent)!r}")
                files[weight_path] = weight_file
        model = cls(manifest.parent, files)
        model.keys = {file: uuid.uuid4().hex for file in files}
        return model

    def meta(self) -> dict[str, Any]:
        return {
            "key": self.key,
            "files": {file: {"key": self.keys[file], "nbytes": path.stat().st_size} for file, path in self.files.items()},
        }

    def read(self, key: str) -> bytes | None:
        for file, file_key in self.keys.items():
            if file_key == key:
                return self.files[file].read_bytes()
        return None
