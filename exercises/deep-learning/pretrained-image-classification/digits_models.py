"""A small pre-trained digit classifier, loaded the way torchvision models are.

    from digits_models import digits_cnn, DigitsCNN_Weights

    weights = DigitsCNN_Weights.DEFAULT
    model = digits_cnn(weights=weights)   # returned as constructed: in TRAINING mode
    model.eval()                          # your job: inference mode for dropout/batchnorm
    preprocess = weights.transforms()     # scaling + the normalisation used in training
    batch = preprocess(images)            # (N, 8, 8) digits on their 0..16 scale -> (N, 1, 8, 8)

The weights were trained by `scripts/train-digits-cnn.py` (jupyterlab-mltutor repository) on
scikit-learn's bundled 8x8 digits. The images kept out of training are given by
`load_heldout()`. The weights file and its metadata live next to this module.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from enum import Enum
from functools import lru_cache
from pathlib import Path
from typing import Any, Dict, Optional, Tuple, Union

import numpy as np
import torch
from torch import nn

__all__ = [
    "DigitsCNN",
    "DigitsCNN_Weights",
    "DigitsPreprocess",
    "digits_cnn",
    "load_heldout",
]

HERE = Path(__file__).resolve().parent

#: The largest pixel value of scikit-learn's digits (4 bits per pixel).
MAX_INTENSITY = 16.0

CATEGORIES = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"]


class DigitsCNN(nn.Module):
    """Two 3x3 convolutions with batch normalisation, max pooling, then a dropout MLP head."""

    def __init__(self, num_classes: int = 10, dropout: float = 0.3) -> None:
        super().__init__()
        self.features = nn.Sequential(
            nn.Conv2d(1, 16, kernel_size=3, padding=1, bias=False),
            nn.BatchNorm2d(16),
            nn.ReLU(inplace=True),
            nn.Conv2d(16, 32, kernel_size=3, padding=1, bias=False),
            nn.BatchNorm2d(32),
            nn.ReLU(inplace=True),
            nn.MaxPool2d(2),  # 32 x 4 x 4
        )
        self.classifier = nn.Sequential(
            nn.Flatten(),
            nn.Dropout(dropout),
            nn.Linear(32 * 4 * 4, 64),
            nn.ReLU(inplace=True),
            nn.Dropout(dropout),
            nn.Linear(64, num_classes),
        )

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.classifier(self.features(x))


class DigitsPreprocess:
    """The preprocessing the model was trained with.

    Accepts a NumPy array or a tensor (any numeric dtype, uint8 included) of digits on their
    own 0..16 intensity scale, shaped (8, 8), (64,), (N, 8, 8), (N, 64) or (N, 1, 8, 8).
    Returns a float32 tensor (N, 1, 8, 8): pixels divided by 16, then normalised with the
    training split's mean and standard deviation. The input is never modified.
    """

    def __init__(self, mean: float, std: float) -> None:
        self.mean = float(mean)
        self.std = float(std)

    def __call__(self, images: Union[np.ndarray, torch.Tensor]) -> torch.Tensor:
        if isinstance(images, torch.Tensor):
            x = images.detach().to(device="cpu", dtype=torch.float32)
        else:
            x = torch.as_tensor(np.asarray(images, dtype=np.float32))
        if x.ndim == 1 and x.shape[0] == 64:
            x = x.reshape(1, 1, 8, 8)
        elif x.ndim == 2 and x.shape == (8, 8):
            x = x.reshape(1, 1, 8, 8)
        elif x.ndim == 2 and x.shape[1] == 64:
            x = x.reshape(-1, 1, 8, 8)
        elif x.ndim == 3 and x.shape[1:] == (8, 8):
            x = x.unsqueeze(1)
        elif not (x.ndim == 4 and x.shape[1:] == (1, 8, 8)):
            raise ValueError(
                "expected digits shaped (8, 8), (64,), (N, 8, 8), (N, 64) or (N, 1, 8, 8),"
                f" got {tuple(x.shape)}"
            )
        x = x / MAX_INTENSITY
        return (x - self.mean) / self.std

    def __repr__(self) -> str:
        return (
            "DigitsPreprocess(\n"
            f"    scale=1/{MAX_INTENSITY:g}  (digits' pixels are 0..16)\n"
            f"    mean={self.mean:.4f}, std={self.std:.4f}\n"
            "    output=(N, 1, 8, 8) float32\n"
            ")"
        )


@dataclass(frozen=True)
class Weights:
    """Where a set of weights lives, relative to this module."""

    file: str
    meta_file: str


@lru_cache(maxsize=None)
def _read_meta(path: str) -> str:
    return Path(path).read_text(encoding="utf-8")


class DigitsCNN_Weights(Enum):
    """Pre-trained weights of :class:`DigitsCNN`, like torchvision's ``*_Weights`` enums."""

    DIGITS_V1 = Weights(file="digits_cnn_v1.pth", meta_file="digits_cnn_v1.json")
    DEFAULT = DIGITS_V1  # an alias, as in torchvision

    @property
    def path(self) -> Path:
        return HERE / self.value.file

    @property
    def meta(self) -> Dict[str, Any]:
        """categories, the normalisation, the held-out split and metrics (a fresh copy)."""
        data = json.loads(_read_meta(str(HERE / self.value.meta_file)))
        data["categories"] = list(CATEGORIES)
        return data

    def transforms(self) -> DigitsPreprocess:
        meta = self.meta
        return DigitsPreprocess(mean=meta["mean"], std=meta["std"])

    def get_state_dict(self) -> Dict[str, torch.Tensor]:
        return torch.load(self.path, map_location="cpu")

    def __repr__(self) -> str:
        return f"{type(self).__name__}.{self.name}"


def _resolve(weights: Union[None, str, DigitsCNN_Weights]) -> Optional[DigitsCNN_Weights]:
    if weights is None or isinstance(weights, DigitsCNN_Weights):
        return weights
    if isinstance(weights, str):
        name = weights.split(".")[-1]
        try:
            return DigitsCNN_Weights[name]
        except KeyError:
            raise ValueError(
                f"unknown weights {weights!r}: use one of {list(DigitsCNN_Weights.__members__)}"
            ) from None
    raise TypeError(
        f"weights must be a DigitsCNN_Weights, its name or None, not {type(weights).__name__}"
    )


def digits_cnn(
    weights: Union[None, str, DigitsCNN_Weights] = DigitsCNN_Weights.DEFAULT, **kwargs: Any
) -> DigitsCNN:
    """Builds :class:`DigitsCNN`, with pre-trained weights unless ``weights=None``.

    Like torchvision's builders, the model is returned as constructed, that is in
    training mode: call ``model.eval()`` before inference.
    """
    resolved = _resolve(weights)
    model = DigitsCNN(**kwargs)
    if resolved is not None:
        model.load_state_dict(resolved.get_state_dict())
    return model


def load_heldout(
    weights: Union[str, DigitsCNN_Weights] = DigitsCNN_Weights.DEFAULT
) -> Tuple[np.ndarray, np.ndarray]:
    """The digits the weights were NOT trained on.

    Images (N, 8, 8) on the 0..16 scale, labels (N,).
    """
    from sklearn.datasets import load_digits

    resolved = _resolve(weights)
    assert resolved is not None
    digits = load_digits()
    index = np.asarray(resolved.meta["heldout_indices"], dtype=np.int64)
    return digits.images[index].copy(), digits.target[index].copy()
