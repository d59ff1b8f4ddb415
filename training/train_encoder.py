"""Trains a ReStyle encoder (e4e: ProgressiveBackboneEncoder, or pSp: BackboneEncoder) for synthetic-faces-64.

Encoder: the reference module (scripts/fixtures/reference/encoders.py, official IR-SE keys), 6-channel input
(image, current reconstruction), 64x64 input, reduced IR-SE stage widths given by --stages "in:depth:units,...".
Every stage after the first changes width, so each stage start has a conv shortcut and the Swift loader infers all
strides from the keys (no stage-start override). The heads are GradualStyleBlocks on the last map
(64 / 2^stages px square): log2 of it stride-2 convs. The head linears start scaled by 0.1 (first outputs ~ 0:
training starts at the average face).

Iterative training (ReStyle): per batch, y = average image pool(G(latent_avg)), latent = latent_avg; for each of
--iters refinement steps: codes = E(cat(x, y.detach())) + latent.detach(); y = G(codes) (stored noise buffers, the
decoder frozen); that step's loss is back-propagated at once; one optimiser step per batch after all the steps.
Losses per step: --l2 * MSE(y, x) + --perceptual * sum over the attribute network's stage outputs of MSE(F(y), F(x)).
e4e adds --delta-reg * mean_i ||codes[:, i] - codes[:, 0]||_2 (i >= 1: the code stays close to W) and
--adv * softplus(-Dw(code rows)) from a latent discriminator Dw (an MLP trained against mapped w ~ G.style(z),
non-saturating loss + R1 on real w). --progressive-every N (e4e): e4e's progressive training; at step s only the
first 1 + s // N rows carry their own offset, the others repeat row 0 (one W code until N steps have passed).

Exports OUT/restyle_<kind>.pt in the official ReStyle layout: {'state_dict': encoder.* then decoder.*, 'opts':
{encoder_type, input_nc 6, output_size 64, dataset_type 'ffhq_encode', input_size 64, n_iters_per_batch, ...},
'latent_avg': [n_latent, D]} (--half: float16 storage), and OUT/encoder_<kind>_metrics.json: per refinement step
1..iters the held-out reconstruction MSE, mean ||codes_i - codes_0|| (distance from W) and, with an attribute net,
the mean absolute attribute error of the reconstructions against the true labels.
"""
import argparse
import json
import math
import os
import sys
import time
from collections import OrderedDict

import numpy as np
import torch
import torch.nn.functional as F

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from common import append_log, half_state_dict, save_atomic, save_grid, to_uint8  # noqa: E402
from networks import (Encoder, LatentDiscriminator, autocast, load_attribute_net, make_generator,  # noqa: E402
                      pick_device, seed_all, synthesize, attribute_scores)
from render_faces import LABELS, load_set  # noqa: E402

KIND_TYPES = {"e4e": "ProgressiveBackboneEncoder", "psp": "BackboneEncoder"}


def parse(argv=None):
    ap = argparse.ArgumentParser(description="ReStyle encoder training (synthetic-faces-64)")
    ap.add_argument("--kind", choices=["e4e", "psp"], required=True)
    ap.add_argument("--data", required=True)
    ap.add_argument("--generator", required=True, help="generator.pt from train_generator.py")
    ap.add_argument("--attributes", help="attributes.pt (perceptual term and attribute metrics)")
    ap.add_argument("--out", required=True)
    ap.add_argument("--stages", default="32:32:2,32:48:2,48:64:3,64:96:3,96:128:2",
                    help="IR-SE stages in:depth:units (first 'in' = stem width)")
    ap.add_argument("--iters", type=int, default=5, help="refinement steps per batch (n_iters_per_batch)")
    ap.add_argument("--steps", type=int, default=20000)
    ap.add_argument("--batch", type=int, default=32)
    ap.add_argument("--lr", type=float, default=2e-4)
    ap.add_argument("--l2", type=float, default=1.0)
    ap.add_argument("--perceptual", type=float, default=0.8)
    ap.add_argument("--delta-reg", type=float, default=2e-4, help="e4e only")
    ap.add_argument("--adv", type=float, default=0.1, help="e4e only: latent discriminator weight")
    ap.add_argument("--progressive-every", type=int, default=0, help="e4e only: e4e's progressive training: the "
                    "encoder starts with row 0 alone (every row of its output = row 0: a W code) and one more row's "
                    "offset is enabled every N steps (0: all rows from the start)")
    ap.add_argument("--eval-data", help="held-out faces for the metrics (default: the last --holdout of --data)")
    ap.add_argument("--holdout", type=int, default=500, help="held-out faces evaluated (first K of --eval-data, or "
                    "the last K of --data, which are then not trained on)")
    ap.add_argument("--half", action="store_true", help="float16 storage in the exported checkpoint")
    ap.add_argument("--device", default="auto")
    ap.add_argument("--no-bf16", action="store_true")
    ap.add_argument("--seed", type=int, default=3)
    ap.add_argument("--time-limit", type=float, default=0)
    ap.add_argument("--finish-at-time-limit", action="store_true", help="the time limit ends the training: export "
                    "and exit 0 (the stage is complete) instead of exit 3 (resume later)")
    ap.add_argument("--log-every", type=int, default=100)
    ap.add_argument("--ckpt-every", type=int, default=1000)
    ap.add_argument("--threads", type=int, default=0)
    return ap.parse_args(argv)


def parse_stages(text):
    return [tuple(int(v) for v in s.split(":")) for s in text.split(",")]


def load_generator(path, device):
    ck = torch.load(path, map_location="cpu", weights_only=True)
    c = ck["config"]
    g = make_generator(c["size"], c["style_dim"], c["n_mlp"], c["width"])
    g.load_state_dict(ck["g_ema"])
    g = g.to(device).eval().requires_grad_(False)
    latent_avg = ck["latent_avg"].float().to(device)[None].repeat(g.n_latent, 1)      # [n_latent, D]
    return g, latent_avg, c


def make_encoder(kind, stages, g):
    head_spatial = 64 // (2 ** len(stages))
    enc = Encoder("ir_se", g.n_latent, g.style_dim, head_spatial, kind == "e4e", stages=stages, input_nc=6)
    with torch.no_grad():
        for head in enc.styles:
            head.linear.weight.mul_(0.1)
    return enc, head_spatial


def restyle_checkpoint(enc, g, latent_avg, opts, half):
    sd = OrderedDict(("encoder." + k, v.detach().cpu().clone()) for k, v in enc.state_dict().items())
    sd.update(("decoder." + k, v.detach().cpu().clone()) for k, v in g.state_dict().items())
    la = latent_avg.detach().cpu().clone()
    if half:
        sd, la = half_state_dict(sd), la.half()
    return {"state_dict": sd, "opts": opts, "latent_avg": la}


def run_steps(enc, g, x, avg_image, latent_avg, iters):
    """Inference loop (no grad): lists of codes [N, n, D] and images per step."""
    y = avg_image.expand(x.shape[0], -1, -1, -1)
    latent = latent_avg[None].expand(x.shape[0], -1, -1)
    codes_all, imgs = [], []
    for _ in range(iters):
        codes = enc(torch.cat([x, y], 1)) + latent
        img = synthesize(g, codes, noise="const")
        y = F.adaptive_avg_pool2d(img, x.shape[2:])
        latent = codes
        codes_all.append(codes)
        imgs.append(img)
    return codes_all, imgs


@torch.no_grad()
def evaluate(enc, g, x_te, y_te, avg_image, latent_avg, iters, attr, device, chunk=100):
    enc.eval()
    mse = np.zeros(iters); wdist = np.zeros(iters); aerr = np.zeros((iters, len(LABELS)))
    n = 0
    for lo in range(0, len(x_te), chunk):
        x = x_te[lo:lo + chunk].to(device).permute(0, 3, 1, 2).float() / 127.5 - 1.0
        lab = y_te[lo:lo + chunk].to(device)
        codes, imgs = run_steps(enc, g, x, avg_image, latent_avg, iters)
        for i in range(iters):
            mse[i] += float(((imgs[i] - x) ** 2).mean(dim=[1, 2, 3]).sum())
            wdist[i] += float((codes[i] - codes[i][:, :1]).norm(dim=2).mean(dim=1).sum())
            if attr is not None:
                sc = attribute_scores(attr[0], attr[1], imgs[i].clamp(-1, 1))
                for j, name in enumerate(LABELS):
                    aerr[i, j] += float((sc[name] - lab[:, j]).abs().sum())
        n += len(x)
    enc.train()
    res = {"images": n, "mse": (mse / n).tolist(), "w_distance": (wdist / n).tolist()}
    if attr is not None:
        res["attribute_mae"] = {name: (aerr[:, j] / n).tolist() for j, name in enumerate(LABELS)}
    return res


def main(argv=None):
    args = parse(argv)
    if args.threads:
        torch.set_num_threads(args.threads)
    device = pick_device(args.device)
    seed_all(args.seed)
    torch.backends.cuda.matmul.allow_tf32 = True
    torch.backends.cudnn.allow_tf32 = True
    bf16 = not args.no_bf16
    os.makedirs(args.out, exist_ok=True)
    images, labels = load_set(args.data)
    if args.eval_data:
        ev_i, ev_l = load_set(args.eval_data)
        x_tr = torch.from_numpy(images).to(device)
        x_te, y_te = torch.from_numpy(ev_i[:args.holdout]), torch.from_numpy(ev_l[:args.holdout])
    else:
        k = min(args.holdout, len(images) // 5)
        x_tr = torch.from_numpy(images[:-k]).to(device)
        x_te, y_te = torch.from_numpy(images[-k:]), torch.from_numpy(labels[-k:])
    g, latent_avg, gcfg = load_generator(args.generator, device)
    stages = parse_stages(args.stages)
    enc, head_spatial = make_encoder(args.kind, stages, g)
    enc = enc.to(device).train()
    attr = load_attribute_net(args.attributes, device) if args.attributes else None
    if attr is not None:
        attr[0].requires_grad_(False)
    opt = torch.optim.Adam(enc.parameters(), lr=args.lr)
    e4e = args.kind == "e4e"
    dw = LatentDiscriminator(g.style_dim).to(device) if e4e and args.adv > 0 else None
    dw_opt = torch.optim.Adam(dw.parameters(), lr=1e-4, betas=(0.5, 0.99)) if dw is not None else None
    with torch.no_grad():
        avg_image = F.adaptive_avg_pool2d(synthesize(g, latent_avg[None], noise="const"), (64, 64))   # [1, 3, 64, 64]
    step = 0
    state_path = os.path.join(args.out, f"state_{args.kind}.pt")
    if os.path.exists(state_path):
        st = torch.load(state_path, map_location=device, weights_only=False)
        enc.load_state_dict(st["enc"]); opt.load_state_dict(st["opt"])
        if dw is not None:
            dw.load_state_dict(st["dw"]); dw_opt.load_state_dict(st["dw_opt"])
        step = st["step"]
        torch.set_rng_state(st["rng"].cpu())
        print(f"train_encoder: resumed {args.kind} at step {step}")
    print(f"train_encoder: {args.kind} ({KIND_TYPES[args.kind]}) {sum(p.numel() for p in enc.parameters()) / 1e6:.2f}M "
          f"params, stages {stages}, heads {g.n_latent} x {int(round(math.log2(head_spatial)))} convs, "
          f"{len(x_tr)} train / {len(x_te)} held-out faces, device {device}")

    def perceptual(y, x):
        if attr is None or args.perceptual == 0:
            return y.new_zeros(())
        _, fy = attr[0](y, return_features=True)
        with torch.no_grad():
            _, fx = attr[0](x, return_features=True)
        return sum(F.mse_loss(a.float(), b.float()) for a, b in zip(fy, fx))

    def save_state():
        st = {"enc": enc.state_dict(), "opt": opt.state_dict(), "step": step, "rng": torch.get_rng_state(),
              "args": vars(args)}
        if dw is not None:
            st.update(dw=dw.state_dict(), dw_opt=dw_opt.state_dict())
        save_atomic(st, state_path)

    t0 = t_log = time.time()
    imgs_log = 0
    while step < args.steps:
        idx = torch.randint(0, len(x_tr), (args.batch,), device=device)
        x = x_tr[idx].permute(0, 3, 1, 2).float() / 127.5 - 1.0
        y = avg_image.expand(args.batch, -1, -1, -1)
        latent = latent_avg[None].expand(args.batch, -1, -1)
        enabled = (min(g.n_latent, 1 + step // args.progressive_every) if e4e and args.progressive_every
                   else g.n_latent)
        opt.zero_grad(set_to_none=True)
        logs = {"l2": 0.0, "perc": 0.0, "delta": 0.0, "adv": 0.0}
        fakes = []
        for it in range(args.iters):
            with autocast(device, bf16):
                residual = enc(torch.cat([x, y.detach()], 1)).float()              # [B, n_latent, D]
                if enabled < g.n_latent:                                            # rows >= enabled: row 0's value
                    residual = torch.cat([residual[:, :enabled],
                                          residual[:, :1].expand(-1, g.n_latent - enabled, -1)], 1)
                codes = residual + latent.detach()
                img = synthesize(g, codes, noise="const").float()
                l2 = F.mse_loss(img, x)
                perc = perceptual(img, x)
            loss = args.l2 * l2 + args.perceptual * perc
            logs["l2"] += float(l2.detach()) / args.iters
            logs["perc"] += float(perc.detach()) / args.iters
            if e4e:
                delta = (codes[:, 1:] - codes[:, :1]).norm(dim=2).mean()
                loss = loss + args.delta_reg * delta
                logs["delta"] += float(delta.detach()) / args.iters
                if dw is not None:
                    adv = F.softplus(-dw(codes.reshape(-1, codes.shape[-1]))).mean()
                    loss = loss + args.adv * adv
                    logs["adv"] += float(adv.detach()) / args.iters
                    fakes.append(codes.detach().reshape(-1, codes.shape[-1]))
            loss.backward()
            y = F.adaptive_avg_pool2d(img.detach(), (64, 64))
            latent = codes.detach()
        opt.step()
        if dw is not None:
            with torch.no_grad():
                real_w = g.style(torch.randn(args.batch * 4, g.style_dim, device=device))
            fake_w = torch.cat(fakes)[torch.randint(0, sum(len(f) for f in fakes), (args.batch * 4,), device=device)]
            ld = F.softplus(dw(fake_w)).mean() + F.softplus(-dw(real_w)).mean()
            if step % 16 == 0:
                real_w.requires_grad_(True)
                (grad,) = torch.autograd.grad(dw(real_w).sum(), real_w, create_graph=True)
                ld = ld + 10 / 2 * grad.pow(2).sum(1).mean() * 16
            dw_opt.zero_grad(set_to_none=True)
            ld.backward()
            dw_opt.step()
        step += 1
        imgs_log += args.batch
        if step % args.log_every == 0 or step == args.steps:
            now = time.time()
            rec = {"step": step, **logs, "rows": enabled, "img_per_s": imgs_log / (now - t_log), "elapsed_s": now - t0}
            print(f"train_encoder[{args.kind}]: " + " ".join(f"{a} {b:.4g}" if isinstance(b, float) else f"{a} {b}"
                                                           for a, b in rec.items()), flush=True)
            append_log(os.path.join(args.out, f"encoder_{args.kind}_log.jsonl"), rec)
            t_log, imgs_log = now, 0
        if step % args.ckpt_every == 0:
            save_state()
        if args.time_limit and time.time() - t0 > args.time_limit:
            print(f"train_encoder: time limit reached at step {step}")
            break
    save_state()
    enc.eval()
    opts = {"exp_dir": f"synthetic-faces-64/restyle_{args.kind}", "dataset_type": "ffhq_encode",
            "encoder_type": KIND_TYPES[args.kind], "input_nc": 6, "input_size": 64, "output_size": 64,
            "n_iters_per_batch": args.iters, "start_from_latent_avg": True, "batch_size": args.batch,
            "learning_rate": args.lr, "optim_name": "adam", "max_steps": args.steps, "l2_lambda": args.l2,
            "lpips_lambda": 0.0, "perceptual_lambda": args.perceptual, "perceptual_network": "attributes.pt",
            "delta_norm_lambda": args.delta_reg if e4e else 0.0, "w_discriminator_lambda": args.adv if e4e else 0.0,
            "progressive_start": 0 if e4e and args.progressive_every else None,
            "progressive_step_every": args.progressive_every if e4e else 0,
            "ir_se_stages": [list(s) for s in stages], "style_dim": g.style_dim, "checkpoint_path": None,
            "stylegan_weights": "generator.pt", "trained_steps": step, "seed": args.seed,
            "source": "training/train_encoder.py (synthetic-faces-64)"}
    save_atomic(restyle_checkpoint(enc, g, latent_avg, opts, args.half), os.path.join(args.out, f"restyle_{args.kind}.pt"))
    metrics = evaluate(enc, g, x_te, y_te, avg_image, latent_avg, args.iters, attr, device)
    metrics["trained_steps"] = step
    with open(os.path.join(args.out, f"encoder_{args.kind}_metrics.json"), "w") as f:
        json.dump(metrics, f, indent=1)
    with torch.no_grad():
        xs = x_te[:8].to(device).permute(0, 3, 1, 2).float() / 127.5 - 1.0
        _, imgs = run_steps(enc, g, xs, avg_image, latent_avg, args.iters)
        rows = [avg_image.expand(8, -1, -1, -1)] + imgs + [xs]                       # per face: avg, steps, input
        grid = torch.stack(rows, 1).reshape(-1, 3, 64, 64)
    save_grid(to_uint8(grid), os.path.join(args.out, f"inversions_{args.kind}.png"), cols=len(rows))
    print(f"train_encoder: {args.kind} held-out MSE per step " + " ".join(f"{v:.4f}" for v in metrics["mse"])
          + f"; wall {time.time() - t0:.1f}s -> {args.out}/restyle_{args.kind}.pt")
    return 0 if step >= args.steps or args.finish_at_time_limit else 3


if __name__ == "__main__":
    sys.exit(main())
