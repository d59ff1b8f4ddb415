"""Trains the attribute network of synthetic-faces-64 (issue 7): predicts the renderer's labels from a 64x64 face.

Network: networks.AttributeNet (conv3x3/BatchNorm/ReLU, max-pool, global average pool, linears: ops TensorCore has).
Targets: every continuous label standardised (mean/std of the training labels, MSE), glasses as a logit (BCE).
Input: [N, 3, 64, 64] in [-1, 1] (uint8 k -> k / 255 * 2 - 1), RGB.

Exports OUT/attributes.pt = {'state_dict': ..., 'config': {plain values: outputs, kinds, mean, std, widths,
convs_per_stage, hidden, input_size, input_range, layout, metrics}} and OUT/attributes_metrics.json with the
held-out per-attribute mean absolute error (glasses: accuracy).

Example: python3 training/train_attributes.py --data /tmp/faces --out /tmp/attr --steps 300 --batch 32 --widths 8,16,16,16
"""
import argparse
import json
import os
import sys
import time

import numpy as np
import torch
import torch.nn.functional as F

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from common import append_log, save_atomic  # noqa: E402
from networks import AttributeNet, autocast, pick_device, seed_all  # noqa: E402
from render_faces import LABELS, load_set  # noqa: E402

KINDS = ["binary" if k == "glasses" else "continuous" for k in LABELS]
# Nominal label ranges (render_faces.py): errors are also reported scaled to [0, 1] (mae / range).
RANGES = {k: (2.0 if k in ("smile", "yaw", "light") else 1.0) for k in LABELS}


def parse(argv=None):
    ap = argparse.ArgumentParser(description="attribute network training (synthetic-faces-64)")
    ap.add_argument("--data", required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--eval-data", help="held-out faces for the metrics (default: the last --holdout of --data)")
    ap.add_argument("--holdout", type=int, default=1000, help="without --eval-data: last K faces are held out")
    ap.add_argument("--steps", type=int, default=6000)
    ap.add_argument("--batch", type=int, default=128)
    ap.add_argument("--widths", default="32,64,128,128")
    ap.add_argument("--convs-per-stage", type=int, default=2)
    ap.add_argument("--hidden", type=int, default=128)
    ap.add_argument("--lr", type=float, default=2e-3)
    ap.add_argument("--device", default="auto")
    ap.add_argument("--no-bf16", action="store_true")
    ap.add_argument("--seed", type=int, default=2)
    ap.add_argument("--log-every", type=int, default=200)
    ap.add_argument("--threads", type=int, default=0)
    ap.add_argument("--time-limit", type=float, default=0, help="seconds; stops cleanly (OUT/state.pt, exit 3), "
                    "the next call resumes")
    ap.add_argument("--ckpt-every", type=int, default=500)
    ap.add_argument("--channels-last", action="store_true", help="channels-last memory format (faster on CPU)")
    return ap.parse_args(argv)


STATE_KEYS = ("steps", "batch", "widths", "convs_per_stage", "hidden", "lr", "seed")


@torch.no_grad()
def evaluate(net, x_all, y_all, mean, std, device, chunk=512):
    """Per-attribute MAE in label units (glasses: accuracy of p > 0.5) on uint8 images x_all, labels y_all."""
    net.eval()
    preds = []
    for lo in range(0, len(x_all), chunk):
        x = x_all[lo:lo + chunk].to(device).permute(0, 3, 1, 2).float() / 127.5 - 1.0
        preds.append(net(x).float().cpu())
    p = torch.cat(preds)
    res = {}
    for j, (name, kind) in enumerate(zip(LABELS, KINDS)):
        if kind == "binary":
            res[name] = {"accuracy": float(((p[:, j] > 0) == (y_all[:, j] > 0.5)).float().mean())}
        else:
            pred = p[:, j] * std[j] + mean[j]
            err = (pred - y_all[:, j]).abs()
            res[name] = {"mae": float(err.mean()), "mae_scaled": float(err.mean()) / RANGES[name],
                         "range": float(y_all[:, j].max() - y_all[:, j].min()),
                         "corr": float(np.corrcoef(pred.numpy(), y_all[:, j].numpy())[0, 1])}
    net.train()
    return res


def main(argv=None):
    args = parse(argv)
    if args.threads:
        torch.set_num_threads(args.threads)
    device = pick_device(args.device)
    seed_all(args.seed)
    images, labels = load_set(args.data)
    if args.eval_data:
        x_tr, y_tr = torch.from_numpy(images), torch.from_numpy(labels)
        ev_i, ev_l = load_set(args.eval_data)
        x_te, y_te = torch.from_numpy(ev_i), torch.from_numpy(ev_l)
    else:
        k = min(args.holdout, len(images) // 5)
        x_tr, y_tr = torch.from_numpy(images[:-k]), torch.from_numpy(labels[:-k])
        x_te, y_te = torch.from_numpy(images[-k:]), torch.from_numpy(labels[-k:])
    mean = y_tr.mean(0)
    std = y_tr.std(0).clamp_min(1e-6)
    for j, kind in enumerate(KINDS):
        if kind == "binary":
            mean[j], std[j] = 0.0, 1.0
    widths = tuple(int(w) for w in args.widths.split(","))
    net = AttributeNet(len(LABELS), widths, args.convs_per_stage, args.hidden).to(device)
    if args.channels_last:
        net = net.to(memory_format=torch.channels_last)
    opt = torch.optim.AdamW(net.parameters(), lr=args.lr, weight_decay=1e-4)
    sched = torch.optim.lr_scheduler.OneCycleLR(opt, max_lr=args.lr, total_steps=args.steps, pct_start=0.1)
    x_dev, y_dev = x_tr.to(device), ((y_tr - mean) / std).to(device)
    binary = torch.tensor([kd == "binary" for kd in KINDS], device=device)
    os.makedirs(args.out, exist_ok=True)
    t0 = time.time()
    print(f"train_attributes: {sum(p.numel() for p in net.parameters()) / 1e6:.3f}M params, {len(x_tr)} train, "
          f"{len(x_te)} held out, device {device}")
    state_path = os.path.join(args.out, "state.pt")
    start, wall_before = 1, 0.0
    if os.path.exists(state_path):
        try:
            st = torch.load(state_path, map_location=device, weights_only=False)
            diff = {k: (st["args"].get(k), getattr(args, k)) for k in STATE_KEYS if st["args"].get(k) != getattr(args, k)}
            if diff:
                raise ValueError("made with other arguments: " + ", ".join(f"{k} {a} (state) vs {b} (now)"
                                                                            for k, (a, b) in diff.items()))
            net.load_state_dict(st["net"]); opt.load_state_dict(st["opt"]); sched.load_state_dict(st["sched"])
            torch.set_rng_state(st["rng"])
            start, wall_before = st["step"] + 1, st.get("wall_s", 0.0)
        except Exception as e:  # noqa: BLE001
            print(f"train_attributes: unusable training state {state_path} ({type(e).__name__}: {e})\n"
                  f"train_attributes: delete {args.out} (train-shipped-model: --restart attributes) to start this "
                  "stage again", file=sys.stderr)
            return 4
        print(f"train_attributes: resumed at step {start}")

    def save_state(step):
        save_atomic({"net": net.state_dict(), "opt": opt.state_dict(), "sched": sched.state_dict(), "step": step,
                     "rng": torch.get_rng_state(), "args": vars(args), "wall_s": wall_before + time.time() - t0},
                    state_path)

    t_log, step_log = time.time(), start - 1
    for step in range(start, args.steps + 1):
        idx = torch.randint(0, len(x_dev), (args.batch,), device=device)
        x = x_dev[idx].permute(0, 3, 1, 2).float() / 127.5 - 1.0
        if args.channels_last:
            x = x.contiguous(memory_format=torch.channels_last)
        y = y_dev[idx]
        with autocast(device, not args.no_bf16):
            out = net(x).float()
        mse = F.mse_loss(out[:, ~binary], y[:, ~binary])
        bce = F.binary_cross_entropy_with_logits(out[:, binary], y[:, binary])
        loss = mse + bce
        opt.zero_grad(set_to_none=True)
        loss.backward()
        opt.step()
        sched.step()
        if step % args.log_every == 0 or step == args.steps:
            now = time.time()
            rec = {"step": step, "mse": float(mse.detach()), "bce": float(bce.detach()), "elapsed_s": now - t0,
                   "img_per_s": (step - step_log) * args.batch / max(now - t_log, 1e-9)}
            t_log, step_log = now, step
            print("train_attributes: " + " ".join(f"{a} {b:.4g}" if isinstance(b, float) else f"{a} {b}"
                                                  for a, b in rec.items()), flush=True)
            append_log(os.path.join(args.out, "attributes_log.jsonl"), rec)
        if step % args.ckpt_every == 0 and step < args.steps:
            save_state(step)
        if args.time_limit and time.time() - t0 > args.time_limit and step < args.steps:
            save_state(step)
            print(f"train_attributes: time limit reached at step {step}; run again to continue")
            return 3
    train_wall = wall_before + time.time() - t0
    metrics = evaluate(net, x_te, y_te, mean, std, device)
    net = net.cpu().eval().to(memory_format=torch.contiguous_format)
    config = {"outputs": list(LABELS), "kinds": KINDS, "mean": [float(v) for v in mean], "std": [float(v) for v in std],
              "widths": list(widths), "convs_per_stage": args.convs_per_stage, "hidden": args.hidden,
              "input_size": 64, "input_range": [-1.0, 1.0], "channel_order": "RGB",
              "layout": "features: per stage convs_per_stage x (Conv2d 3x3 pad 1 + bias, BatchNorm2d eps 1e-5, ReLU), "
                        "MaxPool2d(2); head: global average pool, Linear(hidden), ReLU, Linear(outputs); "
                        "continuous output j = raw * std[j] + mean[j]; binary output = sigmoid(raw)",
              "metrics": metrics, "train_steps": args.steps, "train_batch": args.batch, "train_images": len(x_tr),
              "seed": args.seed, "train_wall_s": round(train_wall, 1), "torch": str(torch.__version__),
              "bf16": not args.no_bf16}
    save_atomic({"state_dict": net.state_dict(), "config": config}, os.path.join(args.out, "attributes.pt"))
    with open(os.path.join(args.out, "attributes_metrics.json"), "w") as f:
        json.dump(metrics, f, indent=1)
    for name, m in metrics.items():
        print(f"train_attributes: held-out {name:13s} " + " ".join(f"{a} {b:.4f}" for a, b in m.items()))
    if os.path.exists(state_path):
        os.remove(state_path)
    print(f"train_attributes: wall {train_wall:.1f}s -> {args.out}/attributes.pt")
    return 0


if __name__ == "__main__":
    sys.exit(main())
