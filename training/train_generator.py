"""Trains the 64 px StyleGAN2 generator of synthetic-faces-64 (issue 7).

Generator: the reference module (scripts/fixtures/reference/stylegan2.py: official key layout), trained through
networks.synthesize (modulation as activation scaling + shared-weight conv + output demodulation; random noise).
Discriminator: networks.Discriminator (own, residual, minibatch stddev). Loss: non-saturating logistic, lazy R1 on
reals every --r1-every steps (gamma --r1), style mixing, EMA of G (half life --ema-kimg thousand images),
Adam(lr, betas (0, 0.99)) with the lazy-regularisation correction for D. bf16 autocast on CUDA and CPU (--no-bf16 to turn
off). Resumes from OUT/state.pt when present; stops cleanly at --steps or after --time-limit seconds (a GPU call
is at most 10 minutes: run again to continue).

Exports (OUT/):
  generator.pt   {'g_ema': state dict, 'latent_avg': [D], 'config': {...}}           (rosinality layout)
  decoder.pt     {'state_dict': decoder.* (EMA), 'opts': {...}, 'latent_avg': [n_latent, D]} (ReStyle layout)
  samples.png    8x8 EMA samples (fixed z, stored noise), log.jsonl (losses, images/s)

Example (toy, CPU):  python3 training/train_generator.py --data /tmp/faces --out /tmp/gen --steps 100 --batch 8
                         --width 16 --style-dim 32 --d-width 16
"""
import argparse
import copy
import json
import math
import os
import random
import sys
import time

import numpy as np
import torch
import torch.nn.functional as F

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from common import append_log, save_atomic, save_grid, to_uint8  # noqa: E402
from networks import (Discriminator, autocast, make_generator, mean_w, pick_device, sample_latent,  # noqa: E402
                      seed_all, synthesize)
from render_faces import load_set  # noqa: E402


def parse(argv=None):
    ap = argparse.ArgumentParser(description="StyleGAN2 64 px training (synthetic-faces-64)")
    ap.add_argument("--data", required=True, help="folder (or faces.npz) written by render_faces.py")
    ap.add_argument("--out", required=True)
    ap.add_argument("--steps", type=int, default=20000, help="total G/D steps (resumes count)")
    ap.add_argument("--batch", type=int, default=64)
    ap.add_argument("--width", default="128", help="generator channels at every resolution, or a profile "
                    "c4,c8,c16,c32,c64 (official per-resolution layout either way)")
    ap.add_argument("--d-width", default="128", help="discriminator channels, or a profile c64,c32,c16,c8,c4")
    ap.add_argument("--style-dim", type=int, default=256)
    ap.add_argument("--n-mlp", type=int, default=8)
    ap.add_argument("--lr", type=float, default=0.0025)
    ap.add_argument("--r1", type=float, default=0.1, help="R1 gamma")
    ap.add_argument("--r1-every", type=int, default=16)
    ap.add_argument("--ema-kimg", type=float, default=10.0)
    ap.add_argument("--mixing", type=float, default=0.9)
    ap.add_argument("--device", default="auto")
    ap.add_argument("--no-bf16", action="store_true", help="float32 (default: bf16 autocast on CUDA and CPU)")
    ap.add_argument("--channels-last", action="store_true", help="channels-last memory format for D (and its inputs)")
    ap.add_argument("--finish-at-time-limit", action="store_true",
                    help="reaching --time-limit ends the training (export, exit 0) instead of pausing it (exit 3)")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--time-limit", type=float, default=0, help="seconds; 0 = none")
    ap.add_argument("--log-every", type=int, default=100)
    ap.add_argument("--ckpt-every", type=int, default=1000)
    ap.add_argument("--threads", type=int, default=0, help="torch CPU threads (0 = leave)")
    args = ap.parse_args(argv)
    args.width = _width(args.width)
    args.d_width = _width(args.d_width)
    return args


def _width(v):
    """"128" -> 128 (uniform); "64,64,64,32,16" stays a profile string."""
    return int(v) if "," not in str(v) else str(v)


# Arguments that define the networks/optimisers in state.pt: a resume with different values is refused.
STATE_KEYS = ("batch", "width", "d_width", "style_dim", "n_mlp", "lr", "r1", "r1_every", "ema_kimg", "mixing", "seed")


class StateError(Exception):
    pass


def load_state(path, args, device):
    """OUT/state.pt, checked: a torn/corrupt file or one made with other network arguments raises StateError."""
    try:
        st = torch.load(path, map_location=device, weights_only=False)
        for k in ("g", "d", "g_ema", "g_opt", "d_opt", "step", "rng", "args"):
            if k not in st:
                raise KeyError(k)
    except Exception as e:  # noqa: BLE001
        raise StateError(f"corrupt training state {path} ({type(e).__name__}: {e})") from e
    old = st["args"]
    norm = {"width": _width, "d_width": _width}
    diff = {k: (old.get(k), getattr(args, k)) for k in STATE_KEYS
            if norm.get(k, lambda v: v)(old.get(k)) != getattr(args, k)}
    if diff:
        raise StateError(f"training state {path} was made with other arguments: "
                         + ", ".join(f"{k} {a} (state) vs {b} (now)" for k, (a, b) in diff.items()))
    return st


def restyle_decoder(g_ema, latent_avg, args):
    sd = {"decoder." + k: v.detach().float().cpu().clone() for k, v in g_ema.state_dict().items()}
    opts = {"dataset_type": "ffhq_encode", "output_size": g_ema.size, "style_dim": g_ema.style_dim,
            "n_mlp": g_ema.n_mlp, "generator_width": args.width, "source": "training/train_generator.py"}
    return {"state_dict": sd, "opts": opts, "latent_avg": latent_avg[None].repeat(g_ema.n_latent, 1).cpu()}


def export(out, g_ema, args, device):
    latent_avg = mean_w(g_ema, 10000, device).float()
    cfg = {"size": g_ema.size, "style_dim": g_ema.style_dim, "n_mlp": g_ema.n_mlp, "width": args.width,
           "channels": {str(r): c for r, c in g_ema.channels.items()}}
    sd = {k: v.detach().float().cpu().clone() for k, v in g_ema.state_dict().items()}
    save_atomic({"g_ema": sd, "latent_avg": latent_avg.cpu(), "config": cfg}, os.path.join(out, "generator.pt"))
    save_atomic(restyle_decoder(g_ema, latent_avg, args), os.path.join(out, "decoder.pt"))
    gen = torch.Generator(device="cpu").manual_seed(12345)
    z = torch.randn(64, g_ema.style_dim, generator=gen).to(device)
    with torch.no_grad():
        w = g_ema.style(z)[:, None].repeat(1, g_ema.n_latent, 1)
        img = synthesize(g_ema, w, noise="const")
    save_grid(to_uint8(img), os.path.join(out, "samples.png"))


def main(argv=None):
    args = parse(argv)
    if args.threads:
        torch.set_num_threads(args.threads)
    device = pick_device(args.device)
    seed_all(args.seed)
    torch.backends.cuda.matmul.allow_tf32 = True
    torch.backends.cudnn.allow_tf32 = True
    torch.backends.cudnn.benchmark = True
    os.makedirs(args.out, exist_ok=True)
    images, _ = load_set(args.data)
    data = torch.from_numpy(images).to(device)                       # uint8 [N, 64, 64, 3] on the device
    n_data = data.shape[0]

    g = make_generator(64, args.style_dim, args.n_mlp, args.width).to(device)
    d = Discriminator(args.d_width).to(device)
    g_ema = copy.deepcopy(g).eval().requires_grad_(False)
    c = args.r1_every / (args.r1_every + 1)
    g_opt = torch.optim.Adam(g.parameters(), lr=args.lr, betas=(0.0, 0.99))
    d_opt = torch.optim.Adam(d.parameters(), lr=args.lr * c, betas=(0.0, 0.99 ** c))
    step = 0
    state_path = os.path.join(args.out, "state.pt")
    if os.path.exists(state_path):
        try:
            st = load_state(state_path, args, device)
            g.load_state_dict(st["g"]); d.load_state_dict(st["d"]); g_ema.load_state_dict(st["g_ema"])
            g_opt.load_state_dict(st["g_opt"]); d_opt.load_state_dict(st["d_opt"])
        except (StateError, RuntimeError) as e:
            print(f"train_generator: {e}\ntrain_generator: delete {args.out} (train-shipped-model: --restart generator) "
                  "to start this stage again", file=sys.stderr)
            return 4
        step = st["step"]
        torch.set_rng_state(st["rng"].cpu())
        if "py_rng" in st:
            random.setstate(st["py_rng"])
        print(f"train_generator: resumed at step {step}")
    if args.channels_last:      # the discriminator only: the generator's conv weights are 5-D ([1, O, C, k, k])
        d = d.to(memory_format=torch.channels_last)
    n_g = sum(p.numel() for p in g.parameters())
    n_d = sum(p.numel() for p in d.parameters())
    print(f"train_generator: G {n_g / 1e6:.2f}M, D {n_d / 1e6:.2f}M params, {n_data} images, device {device}")
    bf16 = not args.no_bf16
    beta = 0.5 ** (args.batch / (args.ema_kimg * 1000))
    t0, t_log, imgs_log = time.time(), time.time(), 0
    log_path = os.path.join(args.out, "log.jsonl")

    def real_batch():
        idx = torch.randint(0, n_data, (args.batch,), device=device)
        x = data[idx].permute(0, 3, 1, 2).float() / 127.5 - 1.0
        return x.contiguous(memory_format=torch.channels_last) if args.channels_last else x

    def save_state():
        save_atomic({"g": g.state_dict(), "d": d.state_dict(), "g_ema": g_ema.state_dict(), "g_opt": g_opt.state_dict(),
                     "d_opt": d_opt.state_dict(), "step": step, "rng": torch.get_rng_state(), "py_rng": random.getstate(),
                     "args": vars(args)},
                    state_path)

    stats = {}
    step0 = step
    finished_by_time = False
    while step < args.steps:
        # D step.
        real = real_batch()
        with torch.no_grad(), autocast(device, bf16):
            fake = synthesize(g, sample_latent(g, args.batch, device, args.mixing))
        with autocast(device, bf16):
            loss_d = F.softplus(d(fake.detach())).mean() + F.softplus(-d(real)).mean()
        d_opt.zero_grad(set_to_none=True)
        loss_d.float().backward()
        d_opt.step()
        if step % args.r1_every == 0:
            real.requires_grad_(True)
            out = d(real)                                                # fp32 for the gradient penalty
            (grad,) = torch.autograd.grad(out.sum(), real, create_graph=True)
            r1 = grad.pow(2).sum(dim=[1, 2, 3]).mean()
            d_opt.zero_grad(set_to_none=True)
            (args.r1 / 2 * r1 * args.r1_every + 0 * out[0]).backward()
            d_opt.step()
            stats["r1"] = float(r1.detach())
        # G step.
        with autocast(device, bf16):
            fake = synthesize(g, sample_latent(g, args.batch, device, args.mixing))
            loss_g = F.softplus(-d(fake)).mean()
        g_opt.zero_grad(set_to_none=True)
        loss_g.float().backward()
        g_opt.step()
        with torch.no_grad():
            for pe, p in zip(g_ema.parameters(), g.parameters()):
                pe.lerp_(p, 1 - beta)
        step += 1
        imgs_log += args.batch
        if step % args.log_every == 0 or step == args.steps:
            now = time.time()
            rec = {"step": step, "loss_d": float(loss_d.detach()), "loss_g": float(loss_g.detach()), "r1": stats.get("r1"),
                   "img_per_s": imgs_log / (now - t_log), "elapsed_s": now - t0, "kimg": step * args.batch / 1000}
            print("train_generator: " + " ".join(f"{k} {v:.4g}" if isinstance(v, float) else f"{k} {v}"
                                                 for k, v in rec.items()), flush=True)
            append_log(log_path, rec)
            t_log, imgs_log = now, 0
        if step % args.ckpt_every == 0:
            save_state()
        if args.time_limit and time.time() - t0 > args.time_limit:
            print(f"train_generator: time limit reached at step {step}")
            finished_by_time = args.finish_at_time_limit
            break
    wall = time.time() - t0
    save_state()
    export(args.out, g_ema, args, device)
    done = step >= args.steps or finished_by_time
    # summary.json: images seen over all calls (for MODEL.md); calls appended.
    sum_path = os.path.join(args.out, "summary.json")
    summary = json.load(open(sum_path)) if os.path.exists(sum_path) else {"calls": []}
    summary["calls"].append({"from_step": step0, "to_step": step, "wall_s": round(wall, 1),
                             "img_per_s": round((step - step0) * args.batch / max(wall, 1e-9), 1)})
    summary.update({"steps": step, "planned_steps": args.steps, "batch": args.batch, "images_seen": step * args.batch,
                    "done": done, "ended_by": "steps" if step >= args.steps else ("time limit" if done else "paused"),
                    "width": args.width, "d_width": args.d_width, "style_dim": args.style_dim, "n_mlp": args.n_mlp,
                    "bf16": not args.no_bf16, "channels_last": args.channels_last, "torch": str(torch.__version__),
                    "wall_s_total": round(sum(c["wall_s"] for c in summary["calls"]), 1)})
    with open(sum_path, "w") as f:
        json.dump(summary, f, indent=1)
    print(f"train_generator: step {step}/{args.steps} ({step * args.batch} images seen), wall {wall:.1f}s, "
          f"exported to {args.out}" + (" (time limit: training ends here)" if finished_by_time else ""))
    return 0 if done else 3


if __name__ == "__main__":
    sys.exit(main())
