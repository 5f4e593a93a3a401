#!/usr/bin/python3
"""Trains the small pre-trained model of the exercise deep-learning/pretrained-image-classification.

Reproducible and offline: scikit-learn's bundled 8x8 digits, a fixed stratified split (seed 0),
a fixed torch seed and one thread. Writes, into the exercise folder:

- digits_cnn_v1.pth   the state_dict of digits_models.DigitsCNN (torch.save)
- digits_cnn_v1.json  the normalisation (mean, std of the training pixels), the held-out indices,
                      the held-out accuracy and how the weights were made

Run with Debian's Python (the one with torch): /usr/bin/python3 scripts/train-digits-cnn.py
Takes a few seconds on two cores.
"""
from __future__ import annotations

import argparse
import hashlib
import json
import sys
import time
from pathlib import Path

import numpy as np
import torch
from sklearn.datasets import load_digits
from sklearn.model_selection import train_test_split
from torch import nn

ROOT = Path(__file__).resolve().parent.parent
EXERCISE = ROOT / "exercises" / "deep-learning" / "pretrained-image-classification"
sys.path.insert(0, str(EXERCISE))
sys.dont_write_bytecode = True  # no __pycache__ in the exercise folder
from digits_models import MAX_INTENSITY, DigitsCNN, DigitsPreprocess  # noqa: E402

SEED = 0
EPOCHS = 40
BATCH = 64
LR = 2e-3
WEIGHT_DECAY = 1e-4


def shift_batch(x: torch.Tensor, generator: torch.Generator) -> torch.Tensor:
    """Light augmentation: moves each image by up to one pixel (zero padding)."""
    padded = nn.functional.pad(x, (1, 1, 1, 1))
    dy = torch.randint(0, 3, (x.shape[0],), generator=generator)
    dx = torch.randint(0, 3, (x.shape[0],), generator=generator)
    return torch.stack(
        [padded[i, :, dy[i] : dy[i] + 8, dx[i] : dx[i] + 8] for i in range(x.shape[0])]
    )


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--out", type=Path, default=EXERCISE, help="folder for the weights and metadata"
    )
    args = parser.parse_args()

    torch.manual_seed(SEED)
    torch.set_num_threads(1)
    torch.use_deterministic_algorithms(True)
    started = time.perf_counter()

    digits = load_digits()
    indices = np.arange(len(digits.target))
    train_idx, heldout_idx = train_test_split(
        indices, test_size=0.2, random_state=SEED, stratify=digits.target
    )
    train_idx, heldout_idx = np.sort(train_idx), np.sort(heldout_idx)

    train_pixels = digits.images[train_idx] / MAX_INTENSITY
    mean = round(float(train_pixels.mean()), 4)
    std = round(float(train_pixels.std()), 4)
    preprocess = DigitsPreprocess(mean, std)

    x_train = preprocess(digits.images[train_idx])
    y_train = torch.as_tensor(digits.target[train_idx], dtype=torch.long)
    x_held = preprocess(digits.images[heldout_idx])
    y_held = torch.as_tensor(digits.target[heldout_idx], dtype=torch.long)

    model = DigitsCNN()
    optimizer = torch.optim.AdamW(model.parameters(), lr=LR, weight_decay=WEIGHT_DECAY)
    scheduler = torch.optim.lr_scheduler.CosineAnnealingLR(optimizer, T_max=EPOCHS)
    loss_fn = nn.CrossEntropyLoss()
    generator = torch.Generator().manual_seed(SEED)

    for epoch in range(EPOCHS):
        model.train()
        order = torch.randperm(len(y_train), generator=generator)
        total = 0.0
        for start in range(0, len(order), BATCH):
            batch = order[start : start + BATCH]
            if len(batch) < 2:  # batch norm needs two samples
                continue
            optimizer.zero_grad()
            loss = loss_fn(model(shift_batch(x_train[batch], generator)), y_train[batch])
            loss.backward()
            optimizer.step()
            total += loss.item() * len(batch)
        scheduler.step()
        if epoch % 10 == 9 or epoch == EPOCHS - 1:
            print(f"epoch {epoch + 1:3d}  train loss {total / len(order):.4f}")

    model.eval()
    with torch.no_grad():
        train_acc = (model(x_train).argmax(1) == y_train).float().mean().item()
        held_acc = (model(x_held).argmax(1) == y_held).float().mean().item()
    seconds = time.perf_counter() - started

    args.out.mkdir(parents=True, exist_ok=True)
    weights_path = args.out / "digits_cnn_v1.pth"
    torch.save(model.state_dict(), weights_path)
    digest = hashlib.sha256(weights_path.read_bytes()).hexdigest()
    n_params = sum(p.numel() for p in model.parameters())
    meta = {
        "architecture": (
            "DigitsCNN: conv3x3(16)-BN-ReLU, conv3x3(32)-BN-ReLU, maxpool,"
            " dropout(0.3)-linear(64)-ReLU-dropout(0.3)-linear(10)"
        ),
        "num_params": n_params,
        "min_size": [8, 8],
        "input_scale": f"pixels divided by {MAX_INTENSITY:g}",
        "mean": mean,
        "std": std,
        "recipe": "scripts/train-digits-cnn.py",
        "training": {
            "dataset": "sklearn.datasets.load_digits (bundled with scikit-learn)",
            "split": "train_test_split(test_size=0.2, stratify=target, random_state=0)",
            "seed": SEED,
            "epochs": EPOCHS,
            "batch_size": BATCH,
            "optimizer": f"AdamW(lr={LR}, weight_decay={WEIGHT_DECAY}), cosine schedule",
            "augmentation": "random shifts of up to one pixel",
            "train_images": int(len(train_idx)),
            "torch": torch.__version__,
        },
        "_metrics": {
            "digits-heldout": {"acc@1": round(held_acc * 100, 2), "images": int(len(heldout_idx))},
            "digits-train": {"acc@1": round(train_acc * 100, 2)},
        },
        "sha256": digest,
        "heldout_indices": [int(i) for i in heldout_idx],
    }
    meta_path = args.out / "digits_cnn_v1.json"
    meta_path.write_text(json.dumps(meta, indent=1) + "\n", encoding="utf-8")
    print(
        f"{n_params} parameters, {weights_path.stat().st_size / 1024:.0f} KiB,"
        f" trained in {seconds:.1f} s; "
        f"accuracy: train {train_acc:.4f}, held-out {held_acc:.4f} ({len(heldout_idx)} images)"
    )
    print(f"wrote {weights_path} and {args.out / 'digits_cnn_v1.json'}")


if __name__ == "__main__":
    main()
