"""The model artifact: one compressed ``.npz`` with arrays and a JSON header, no pickles.

Arrays: ``coef_hash`` (float32, 2**n_bits), ``coef_dense`` (float32), ``intercept`` (1),
``calibration`` (Platt a, b), ``threshold`` (1), ``threshold_alone`` (1: the stricter threshold
for flagging on the model's word alone, when the rules see no scam tactic), and ``meta``: a JSON
string holding the format name and version, the feature config, the dense feature names and the
training metadata.
Anything unexpected raises :class:`~hangup.errors.ConfigError` naming the file.

The file is byte-for-byte reproducible: the zip entries carry a fixed date and are written in a
fixed order, and the header is JSON with sorted keys, so the same training data and seed give
the same file.

Format versions: 2 added ``pronoun_weight`` and ``context_flags`` to the feature config (a
version-1 reader would silently ignore them, so version 1 artifacts are refused and v1 readers
refuse v2); 3 added ``threshold_alone`` and dropped the ``digit_share`` and ``tactic_count``
structure features, and ``tactic_min`` to the feature config.
"""

from __future__ import annotations

import json
import os
import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from hangup.errors import ConfigError
from hangup.model.features import TOKENIZER_VERSION, FeatureConfig

FORMAT = "hangup-scam-model"
FORMAT_VERSION = 3
_ZIP_DATE = (1980, 1, 1, 0, 0, 0)
_ARRAYS = ("coef_hash", "coef_dense", "intercept", "calibration", "threshold", "threshold_alone", "meta")


@dataclass(frozen=True, slots=True)
class Artifact:
    config: FeatureConfig
    coef_hash: npt.NDArray[np.float32]
    coef_dense: npt.NDArray[np.float32]
    intercept: float
    calibration: tuple[float, float]
    threshold: float
    threshold_alone: float
    metadata: dict[str, Any]


def save_artifact(path: Path, art: Artifact) -> None:
    """Write atomically: a crash never leaves a half-written model where the engine looks."""
    meta = {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "feature_config": art.config.to_dict(),
        "dense_names": list(art.config.dense_names),
        "training": art.metadata,
    }
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        arrays: dict[str, npt.NDArray[Any]] = {
            "coef_hash": art.coef_hash.astype(np.float32),
            "coef_dense": art.coef_dense.astype(np.float32),
            "intercept": np.array([art.intercept], dtype=np.float64),
            "calibration": np.array(art.calibration, dtype=np.float64),
            "threshold": np.array([art.threshold], dtype=np.float64),
            "threshold_alone": np.array([art.threshold_alone], dtype=np.float64),
            "meta": np.array(json.dumps(meta, sort_keys=True)),
        }
        with os.fdopen(fd, "wb") as fh, zipfile.ZipFile(fh, "w") as zf:
            # np.savez stamps each entry with the current time; a fixed date keeps builds identical
            for name, array in arrays.items():
                info = zipfile.ZipInfo(f"{name}.npy", date_time=_ZIP_DATE)
                info.compress_type = zipfile.ZIP_DEFLATED
                info.external_attr = 0o644 << 16
                with zf.open(info, "w", force_zip64=True) as entry:
                    np.lib.format.write_array(entry, array, allow_pickle=False)
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _check(path: Path, ok: bool, what: str) -> None:
    if not ok:
        raise ConfigError(f"model artifact {path}: {what}")


def load_artifact(path: Path) -> Artifact:
    try:
        with np.load(path, allow_pickle=False) as data:
            missing = [name for name in _ARRAYS if name not in data.files]
            _check(path, not missing, f"not a hangup model (missing {', '.join(missing)})")
            arrays = {name: data[name] for name in _ARRAYS}
    except FileNotFoundError as exc:
        raise ConfigError(f"model artifact {path} not found") from exc
    except (OSError, ValueError, EOFError, zipfile.BadZipFile, KeyError) as exc:
        raise ConfigError(f"model artifact {path} is unreadable or corrupt: {exc}") from exc
    try:
        meta = json.loads(str(arrays["meta"]))
        _check(path, isinstance(meta, dict) and meta.get("format") == FORMAT, "not a hangup model")
        version = meta.get("format_version")
        _check(path, version == FORMAT_VERSION,
               f"format version {version!r} is not supported (this hangup reads {FORMAT_VERSION}); retrain the model")
        config = FeatureConfig.from_dict(meta["feature_config"])
    except (ValueError, KeyError, TypeError) as exc:
        raise ConfigError(f"model artifact {path}: invalid header ({exc})") from exc
    _check(path, config.tokenizer_version == TOKENIZER_VERSION,
           f"tokenizer version {config.tokenizer_version} differs from {TOKENIZER_VERSION}; retrain the model")
    coef_hash = arrays["coef_hash"]
    coef_dense = arrays["coef_dense"]
    _check(path, coef_hash.shape == (config.n_hash,) and coef_hash.dtype == np.float32, "coef_hash has the wrong shape")
    _check(path, coef_dense.shape == (len(config.dense_names),) and coef_dense.dtype == np.float32,
           "coef_dense has the wrong shape")
    _check(path, arrays["intercept"].shape == (1,) and arrays["calibration"].shape == (2,)
           and arrays["threshold"].shape == (1,) and arrays["threshold_alone"].shape == (1,),
           "intercept, calibration or a threshold has the wrong shape")
    numbers = (coef_hash, coef_dense, arrays["intercept"], arrays["calibration"], arrays["threshold"],
               arrays["threshold_alone"])
    _check(path, all(np.isfinite(a).all() for a in numbers), "contains non-finite numbers")
    a, b = (float(v) for v in arrays["calibration"])
    training = meta.get("training", {})
    return Artifact(
        config=config,
        coef_hash=coef_hash,
        coef_dense=coef_dense,
        intercept=float(arrays["intercept"][0]),
        calibration=(a, b),
        threshold=float(arrays["threshold"][0]),
        threshold_alone=float(arrays["threshold_alone"][0]),
        metadata=training if isinstance(training, dict) else {},
    )
