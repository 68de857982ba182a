#!/usr/bin/python3
"""Trains the demo lung nodule heat-map detector on ChestPhantom studies and exports it to ONNX.

Synthetic demonstrator, no clinical validity. Run from the repository root after
`mvn -o -q -B -pl common install && mvn -o -q -B -pl inference-engine install`:

    /usr/bin/python3 inference-engine/training/train_demo_model.py

Needs Debian's python3-torch (1.13), python3-onnx, python3-yaml and python3-numpy; CI never runs it, it uses the
committed ONNX. Training data comes from org.aiworklist.inference.training.TrainingDataDump, which runs the
phantom through the same VolumeAssembler and HU window as inference. Preprocessing values are read from the
manifest; after export the manifest's model.sha256 is rewritten.
"""
import argparse
import hashlib
import json
import os
import re
import subprocess
import sys
import time

import numpy as np
import onnx
import torch
import torch.nn as nn
import yaml

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
MANIFEST = os.path.join(ROOT, "conf", "models", "demo-lung-nodule.yaml")
CLASSPATH = os.pathsep.join([os.path.join(ROOT, "common", "target", "classes"),
                             os.path.join(ROOT, "inference-engine", "target", "classes")])
TRAIN_SEEDS = (1000, 48)   # the quality test uses seeds from 9000: never these
VAL_SEEDS = (2000, 4)


def conv(cin, cout, k=3, dilation=1):
    return nn.Sequential(nn.Conv2d(cin, cout, k, padding=dilation * (k // 2), dilation=dilation, bias=False),
                         nn.BatchNorm2d(cout), nn.ReLU(inplace=True))


class HeatmapNet(nn.Module):
    """2.5D fully convolutional detector: [N, context, H, W] in [0,1] -> [N, 1, H/2, W/2] logits."""

    def __init__(self, context):
        super().__init__()
        self.e1 = conv(context, 16)
        self.e2 = nn.Sequential(nn.MaxPool2d(2), conv(16, 32), conv(32, 32))
        self.e3 = nn.Sequential(nn.MaxPool2d(2), conv(32, 48), conv(48, 48, dilation=2))
        self.up = nn.Upsample(scale_factor=2, mode="nearest")
        self.d2 = nn.Sequential(conv(48 + 32, 32, k=1), conv(32, 32))
        self.head = nn.Conv2d(32, 1, 1)

    def forward(self, x):
        x2 = self.e2(self.e1(x))
        x3 = self.e3(x2)
        return self.head(self.d2(torch.cat([self.up(x3), x2], 1)))


class Exported(nn.Module):
    def __init__(self, net):
        super().__init__()
        self.net = net

    def forward(self, x):
        return torch.sigmoid(self.net(x))


def dump(data_dir, seeds, cfg, slices=120, nodules=8, low=4, high=16):
    pre = cfg["input"]["preprocessing"]
    cmd = ["java", "-cp", CLASSPATH, "org.aiworklist.inference.training.TrainingDataDump", data_dir,
           str(seeds[0]), str(seeds[1]), str(slices), str(nodules), str(low), str(high),
           ",".join(str(v) for v in pre["spacingMm"]), ",".join(str(v) for v in pre["huWindow"])]
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL)


def load(data_dir, seed):
    with open(os.path.join(data_dir, f"{seed}.json")) as f:
        meta = json.load(f)
    vol = np.fromfile(os.path.join(data_dir, f"{seed}.u16"), dtype="<u2").reshape(meta["shape"])
    return vol, meta


def target(meta, stride):
    """1 inside a ball around each nodule centre (radius max(3.5 mm, r/2)), on the stride-2 heat-map grid."""
    d, h, w = meta["shape"]
    sz, sy, sx = meta["spacingMm"]
    hh, hw = (h + 3) // 4 * 4 // stride, (w + 3) // 4 * 4 // stride
    t = np.zeros((d, hh, hw), dtype=np.float32)
    kk = np.arange(d)[:, None, None] * sz
    yy = (np.arange(hh)[None, :, None] * stride + (stride - 1) / 2) * sy
    xx = (np.arange(hw)[None, None, :] * stride + (stride - 1) / 2) * sx
    for n in meta["nodules"]:
        k, j, i = n["voxel"]
        radius = max(3.5, n["diameterMm"] / 4)
        dist2 = (kk - k * sz) ** 2 + (yy - j * sy) ** 2 + (xx - i * sx) ** 2
        t[dist2 <= radius ** 2] = 1
    return t


def context_stack(vol, k, context):
    half = context // 2
    idx = np.clip(np.arange(k - half, k + half + 1), 0, vol.shape[0] - 1)
    return vol[idx]


def sample_batch(studies, rng, batch, crop, context, stride):
    xs, ys = [], []
    for _ in range(batch):
        vol, meta, tgt = studies[rng.integers(len(studies))]
        d, h, w = vol.shape
        if meta["nodules"] and rng.random() < 0.5:
            n = meta["nodules"][rng.integers(len(meta["nodules"]))]
            k = int(round(n["voxel"][0] + rng.normal(0, 1.5)))
            cy = n["voxel"][1] + rng.integers(-crop // 3, crop // 3 + 1)
            cx = n["voxel"][2] + rng.integers(-crop // 3, crop // 3 + 1)
        else:
            k = rng.integers(d)
            cy = rng.integers(int(0.2 * h), int(0.8 * h))
            cx = rng.integers(int(0.15 * w), int(0.85 * w))
        k = int(np.clip(k, 0, d - 1))
        y0 = int(np.clip(cy - crop // 2, 0, h - crop)) // stride * stride
        x0 = int(np.clip(cx - crop // 2, 0, w - crop)) // stride * stride
        x = context_stack(vol, k, context)[:, y0:y0 + crop, x0:x0 + crop].astype(np.float32) / 65535
        y = tgt[k, y0 // stride:(y0 + crop) // stride, x0 // stride:(x0 + crop) // stride]
        if rng.random() < 0.5:
            x, y = x[:, :, ::-1], y[:, ::-1]
        if rng.random() < 0.5:
            x = x[::-1]
        xs.append(np.ascontiguousarray(x))
        ys.append(np.ascontiguousarray(y))
    return torch.from_numpy(np.stack(xs)), torch.from_numpy(np.stack(ys))[:, None]


def predict_volume(model, vol, context, pad):
    d, h, w = vol.shape
    ph, pw = (h + pad - 1) // pad * pad, (w + pad - 1) // pad * pad
    out = []
    with torch.no_grad():
        for k0 in range(0, d, 16):
            xb = np.zeros((min(16, d - k0), context, ph, pw), dtype=np.float32)
            for b in range(xb.shape[0]):
                xb[b, :, :h, :w] = context_stack(vol, k0 + b, context).astype(np.float32) / 65535
            out.append(model(torch.from_numpy(xb))[:, 0].numpy())
    return np.concatenate(out)


def quick_eval(model, data_dir, seeds, context, pad, stride, threshold):
    """Voxel-level check only (peak probability inside/outside nodule balls); the Java quality test is the real one."""
    hits, total, fp_voxels = 0, 0, 0
    for seed in range(seeds[0], seeds[0] + seeds[1]):
        vol, meta = load(data_dir, seed)
        heat = predict_volume(model, vol, context, pad)
        tgt = target(meta, stride)
        for n in meta["nodules"]:
            if n["diameterMm"] < 6:
                continue
            k, j, i = (int(round(v)) for v in (n["voxel"][0], n["voxel"][1] / stride, n["voxel"][2] / stride))
            total += 1
            hits += heat[max(0, k - 1):k + 2, max(0, j - 2):j + 3, max(0, i - 2):i + 3].max() >= threshold
        fp_voxels += int(((heat >= threshold) & (tgt == 0)).sum())
    print(f"validation: {hits}/{total} nodules >= 6 mm reach the threshold; {fp_voxels} heat voxels above it outside nodules")


def start(manifest, data, iterations, batch):
    """Options (--data, --iterations, --batch, --crop) with these defaults, fixed seeds, and the manifest."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--data", default=data)
    parser.add_argument("--iterations", type=int, default=iterations)
    parser.add_argument("--batch", type=int, default=batch)
    parser.add_argument("--crop", type=int, default=64)
    args = parser.parse_args()
    torch.set_num_threads(2)
    torch.manual_seed(0)
    with open(manifest) as f:
        cfg = yaml.safe_load(f)
    return args, np.random.default_rng(0), cfg


def fit(net, loss_fn, iterations, sample):
    """Adam with a one-cycle schedule over `iterations` batches from `sample()`; leaves the net in eval mode."""
    opt = torch.optim.Adam(net.parameters(), lr=3e-3)
    sched = torch.optim.lr_scheduler.OneCycleLR(opt, max_lr=3e-3, total_steps=iterations)
    t1 = time.time()
    net.train()
    for it in range(iterations):
        x, y = sample()
        loss = loss_fn(net(x), y)
        opt.zero_grad()
        loss.backward()
        opt.step()
        sched.step()
        if it % 100 == 0 or it == iterations - 1:
            print(f"iteration {it}: loss {loss.item():.4f} ({time.time() - t1:.0f} s)", flush=True)
    net.eval()


def export(model, manifest, cfg, context, output_name, output_axes, t0):
    """Writes the manifest's ONNX file (input [N, context, H, W]) and rewrites its model.sha256."""
    onnx_path = os.path.join(os.path.dirname(manifest), cfg["model"]["file"])
    example = torch.zeros(2, context, 96, 96)
    torch.onnx.export(model, example, onnx_path, input_names=["input"], output_names=[output_name],
                      dynamic_axes={"input": {0: "N", 2: "H", 3: "W"}, output_name: output_axes},
                      opset_version=13)
    onnx.checker.check_model(onnx.load(onnx_path))
    with open(onnx_path, "rb") as f:
        digest = hashlib.sha256(f.read()).hexdigest()
    with open(manifest) as f:
        text = f.read()
    with open(manifest, "w") as f:
        f.write(re.sub(r"(\n  sha256: )[0-9a-f]{64}", r"\g<1>" + digest, text))
    print(f"exported {onnx_path} ({os.path.getsize(onnx_path)} bytes, sha256 {digest}); total {time.time() - t0:.0f} s")


def main():
    args, rng, cfg = start(MANIFEST, "/tmp/aiworklist-train", 1200, 32)
    pre, out = cfg["input"]["preprocessing"], cfg["output"]
    context, pad, stride = pre["contextSlices"], pre["padMultiple"], out["stride"]

    t0 = time.time()
    if not os.path.exists(os.path.join(args.data, f"{TRAIN_SEEDS[0] + TRAIN_SEEDS[1] - 1}.json")):
        dump(args.data, TRAIN_SEEDS, cfg)
        dump(args.data, VAL_SEEDS, cfg)
    studies = []
    for seed in range(TRAIN_SEEDS[0], TRAIN_SEEDS[0] + TRAIN_SEEDS[1]):
        vol, meta = load(args.data, seed)
        studies.append((vol, meta, target(meta, stride)))
    print(f"data: {len(studies)} studies in {time.time() - t0:.0f} s")

    net = HeatmapNet(context)
    fit(net, nn.BCEWithLogitsLoss(pos_weight=torch.tensor(4.0)), args.iterations,
        lambda: sample_batch(studies, rng, args.batch, args.crop, context, stride))
    model = Exported(net).eval()
    quick_eval(model, args.data, VAL_SEEDS, context, pad, stride, out["threshold"])

    export(model, MANIFEST, cfg, context, "heatmap", {0: "N", 2: "h", 3: "w"}, t0)


if __name__ == "__main__":
    sys.exit(main())
