#!/usr/bin/python3
"""Trains the demo triage classifier ("a pulmonary nodule of 8 mm or more is present") on ChestPhantom studies.

Synthetic demonstrator, no clinical validity. Run from the repository root after
`./mvnw -o -q -B -pl inference-engine -am compile` (the data dump runs from the class folders):

    /usr/bin/python3 inference-engine/training/train_triage_classifier.py

Needs Debian's python3-torch (1.13), python3-onnx, python3-yaml and python3-numpy; CI never runs it, it uses the
committed ONNX. The data come from the same TrainingDataDump as the demo detector (same VolumeAssembler and HU
window as inference), with the preprocessing read from conf/models/demo-chest-triage.yaml; after export the
manifest's model.sha256 is rewritten.

The network is fully convolutional: a small 2.5D encoder makes an evidence map, and its maximum over the slice is
the slice's logit. It is trained on 64 x 64 crops labelled by the planted nodules (positive: a nodule of 8.5 mm or
more crosses the crop's centre slice near its equator; nodules of 7-8.5 mm, and the caps of large ones, are left
out of the loss; everything else is negative), so on a whole slice it answers "is there such a nodule anywhere",
and the node takes the highest slice's probability as the series'.
"""
import os
import sys
import time

import numpy as np
import torch
import torch.nn as nn

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from train_demo_model import ROOT, conv, context_stack, dump, export, fit, load, start  # noqa: E402  (same data path as the detector)

MANIFEST = os.path.join(ROOT, "conf", "models", "demo-chest-triage.yaml")
LARGE_MM = 8.5        # positive at or above (the label says 8 mm: a margin keeps borderline sizes out of training)
SMALL_MM = 7.0        # negative below; between the two a nodule is left out of the loss
# (first seed, count, nodules per study, min diameter, max diameter): mixed sizes, and small-only hard negatives.
# The Java quality test uses seeds from 9100: never these.
TRAIN = [(3000, 40, 4, 4.0, 14.0), (3100, 16, 4, 4.0, 7.0)]
VAL = [(3200, 8, 4, 4.0, 14.0), (3300, 8, 4, 4.0, 6.5)]


class SliceClassifierNet(nn.Module):
    """[N, context, H, W] in [0,1] -> [N, 1] logit: the maximum of a stride-4 evidence map."""

    def __init__(self, context):
        super().__init__()
        self.features = nn.Sequential(
            conv(context, 16),
            nn.MaxPool2d(2), conv(16, 32), conv(32, 32),
            nn.MaxPool2d(2), conv(32, 48), conv(48, 48, dilation=2), conv(48, 48, dilation=2),
            nn.Conv2d(48, 1, 1))

    def forward(self, x):
        return torch.amax(self.features(x), dim=(2, 3))


class Exported(nn.Module):
    def __init__(self, net):
        super().__init__()
        self.net = net

    def forward(self, x):
        return torch.sigmoid(self.net(x))


def crop_target(meta, k, y0, x0, crop):
    """1 positive, 0 negative, -1 left out, for the crop whose centre slice is k and top-left corner (y0, x0)."""
    sz = meta["spacingMm"][0]
    target = 0
    for n in meta["nodules"]:
        nk, nj, ni = n["voxel"]
        d = n["diameterMm"]
        if not (y0 + 2 <= nj < y0 + crop - 2 and x0 + 2 <= ni < x0 + crop - 2):
            continue
        dz = abs(k - nk) * sz
        if dz > d / 2 + sz:
            continue                      # the nodule does not reach the crop's slices
        if d >= LARGE_MM and dz <= max(sz, 0.3 * d):
            return 1
        if d >= SMALL_MM:
            target = -1                   # borderline size, or the cap of a large nodule: no label either way
    return target


def sample_batch(studies, rng, batch, crop, context):
    xs, ys = [], []
    while len(xs) < batch:
        vol, meta = studies[rng.integers(len(studies))]
        d, h, w = vol.shape
        if meta["nodules"] and rng.random() < 0.6:
            n = meta["nodules"][rng.integers(len(meta["nodules"]))]
            k = int(round(n["voxel"][0] + rng.normal(0, 1.0)))
            cy = n["voxel"][1] + rng.integers(-crop // 3, crop // 3 + 1)
            cx = n["voxel"][2] + rng.integers(-crop // 3, crop // 3 + 1)
        else:
            k = rng.integers(d)
            cy = rng.integers(int(0.2 * h), int(0.8 * h))
            cx = rng.integers(int(0.15 * w), int(0.85 * w))
        k = int(np.clip(k, 0, d - 1))
        y0 = int(np.clip(cy - crop // 2, 0, h - crop))
        x0 = int(np.clip(cx - crop // 2, 0, w - crop))
        target = crop_target(meta, k, y0, x0, crop)
        if target < 0:
            continue
        x = context_stack(vol, k, context)[:, y0:y0 + crop, x0:x0 + crop].astype(np.float32) / 65535
        if rng.random() < 0.5:
            x = x[:, :, ::-1]
        if rng.random() < 0.5:
            x = x[::-1]
        xs.append(np.ascontiguousarray(x))
        ys.append(target)
    return torch.from_numpy(np.stack(xs)), torch.tensor(ys, dtype=torch.float32)[:, None]


def series_probability(model, vol, context, pad):
    """What the node computes: the highest slice probability over the whole windowed volume."""
    d, h, w = vol.shape
    ph, pw = (h + pad - 1) // pad * pad, (w + pad - 1) // pad * pad
    best = 0.0
    with torch.no_grad():
        for k0 in range(0, d, 16):
            xb = np.zeros((min(16, d - k0), context, ph, pw), dtype=np.float32)
            for b in range(xb.shape[0]):
                xb[b, :, :h, :w] = context_stack(vol, k0 + b, context).astype(np.float32) / 65535
            best = max(best, float(model(torch.from_numpy(xb)).max()))
    return best


def evaluate(model, data_dir, context, pad, threshold):
    """Series-level: positive studies hold a nodule of LARGE_MM or more, negative ones none of SMALL_MM or more."""
    right, total, rows = 0, 0, []
    for first, count, *_ in VAL:
        for seed in range(first, first + count):
            vol, meta = load(data_dir, seed)
            largest = max([n["diameterMm"] for n in meta["nodules"]] or [0])
            if SMALL_MM <= largest < LARGE_MM:
                continue
            p = series_probability(model, vol, context, pad)
            truth = largest >= LARGE_MM
            right += (p >= threshold) == truth
            total += 1
            rows.append(f"{seed}: largest {largest:.1f} mm, p={p:.3f}")
    print("\n".join(rows))
    print(f"validation: {right}/{total} studies classified right at threshold {threshold}")


def main():
    args, rng, cfg = start(MANIFEST, "/tmp/aiworklist-triage-train", 700, 24)
    pre, label = cfg["input"]["preprocessing"], cfg["output"]["labels"][0]
    context, pad = pre["contextSlices"], pre["padMultiple"]

    t0 = time.time()
    for first, count, nodules, low, high in TRAIN + VAL:
        if not os.path.exists(os.path.join(args.data, f"{first + count - 1}.json")):
            dump(args.data, (first, count), cfg, slices=100, nodules=nodules, low=low, high=high)
    studies = [load(args.data, seed) for first, count, *_ in TRAIN for seed in range(first, first + count)]
    print(f"data: {len(studies)} studies in {time.time() - t0:.0f} s")

    net = SliceClassifierNet(context)
    fit(net, nn.BCEWithLogitsLoss(), args.iterations,
        lambda: sample_batch(studies, rng, args.batch, args.crop, context))
    model = Exported(net).eval()
    evaluate(model, args.data, context, pad, label["threshold"])

    export(model, MANIFEST, cfg, context, "probability", {0: "N"}, t0)


if __name__ == "__main__":
    sys.exit(main())
