"""Quality numbers of a trained synthetic-faces-64 model family for MODEL.md (issue 7).

  python3 training/evaluate_model.py --work WORK [--samples 2000] [--faces 500]

Reads WORK/{generator/generator.pt, attributes/attributes.pt, encoders/restyle_{e4e,psp}.pt, heldout/faces.npz,
directions/} and writes WORK/evaluation.json and grids under WORK/figures/:
  attribute_w1     per attribute, the 1-D Wasserstein distance between the attribute network's scores of --samples
                   generated faces and of the held-out renders (same estimator on both sides; glasses: probabilities);
                   attribute_w1_scaled: the same divided by the label's nominal range (smile, yaw, light: 2), i.e.
                   on [0, 1] (target <= 0.08 on every continuous attribute)
  glasses_rate     fraction of samples / held-out renders the attribute net calls glasses (p > 0.5), next to the
                   renderer's true rate (labels; p = 0.35 by construction)
  frechet          Frechet distance of the attribute net's penultimate features (the ReLU after the head's first
                   linear) between the samples and the held-out renders, next to the same distance between two
                   disjoint render sets (the first --samples training renders vs the held-out renders): the
                   render-vs-render value is the floor set by the sample size
  direction_effects  per built-in direction (WORK/directions/*/manifest.json), on --effect-codes sampled codes: the
                   code moved by -2 and +2 times the direction over its manifest layers, both rendered and scored;
                   fraction of codes whose target attribute is higher at +2 (target >= 0.95), its mean change,
                   and the mean change of every other attribute (entanglement)
  edit_smile       on --faces held-out renders inverted with ReStyle-e4e (5 steps): G(w + 2 d) vs G(w - 2 d) with
                   the smile direction on every row; fraction whose measured smile is higher at +2, mean change
  figures          generated.png (8x8 samples, z seed --seed, stored noise, x2), edits_smile.png (input, inversion,
                   -2, +2 per face)
The per-step reconstruction numbers come from train_encoder.py (encoders/encoder_<kind>_metrics.json).
"""
import argparse
import json
import os
import sys
import time

import numpy as np
import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from common import save_grid, to_uint8  # noqa: E402
from networks import Encoder, attribute_scores, autocast, load_attribute_net, pick_device, synthesize  # noqa: E402
from render_faces import LABELS, load_set  # noqa: E402
from train_encoder import load_generator, run_steps  # noqa: E402


def w1(a, b):
    """1-D Wasserstein-1 distance between two samples (quantile functions on a common grid)."""
    q = np.linspace(0, 1, 1001)
    return float(np.mean(np.abs(np.quantile(a, q) - np.quantile(b, q))))


RANGES = {k: (2.0 if k in ("smile", "yaw", "light") else 1.0) for k in LABELS}


def penultimate(net, x):
    """The attribute net's penultimate features [N, hidden]: features, global average pool, Linear, ReLU."""
    h = net.features(x)
    for layer in list(net.head)[:4]:
        h = layer(h)
    return h


def frechet(a, b):
    """Frechet distance between Gaussians fitted to feature sets a [N, F] and b [M, F] (float64)."""
    a, b = np.asarray(a, np.float64), np.asarray(b, np.float64)
    mu1, mu2 = a.mean(0), b.mean(0)
    s1, s2 = np.cov(a, rowvar=False), np.cov(b, rowvar=False)
    ev, vec = np.linalg.eigh(s1)
    r1 = (vec * np.sqrt(np.clip(ev, 0, None))) @ vec.T                 # s1^(1/2)
    m = r1 @ s2 @ r1
    tr_sqrt = float(np.sqrt(np.clip(np.linalg.eigvalsh((m + m.T) / 2), 0, None)).sum())
    return float(((mu1 - mu2) ** 2).sum() + np.trace(s1) + np.trace(s2) - 2 * tr_sqrt)


def load_encoder(path, device):
    ck = torch.load(path, map_location="cpu", weights_only=True)
    sd = {k[8:]: (v.float() if v.is_floating_point() else v) for k, v in ck["state_dict"].items() if k.startswith("encoder.")}
    o = ck["opts"]
    stages = [tuple(s) for s in o["ir_se_stages"]]
    n = ck["latent_avg"].shape[0]
    enc = Encoder("ir_se", n, o["style_dim"], 64 // 2 ** len(stages), o["encoder_type"] == "ProgressiveBackboneEncoder",
                  stages=stages, input_nc=o.get("input_nc", 6))
    enc.load_state_dict(sd)
    return enc.to(device).eval(), ck["latent_avg"].float().to(device)


def manifest_rows(text, n):
    """W+ rows of a manifest's `layers` ("all", "0-9", "0-3,8", "7:9" with an exclusive end) for n rows."""
    if text in (None, "", "all"):
        return list(range(n))
    rows = []
    for part in str(text).split(","):
        part = part.strip()
        if ":" in part:
            a, b = part.split(":")
            rows += list(range(int(a), int(b)))
        elif "-" in part:
            a, b = part.split("-")
            rows += list(range(int(a), int(b) + 1))
        else:
            rows.append(int(part))
    return sorted(set(r for r in rows if 0 <= r < n))


@torch.no_grad()
def direction_effects(g, score, folder, args, device):
    """The effect table of the built-in directions (see the module doc)."""
    out = {}
    if not os.path.isdir(folder):
        return out
    gen = torch.Generator().manual_seed(args.seed + 1)
    z = torch.randn(args.effect_codes, g.style_dim, generator=gen).to(device)
    w = g.style(z)[:, None].repeat(1, g.n_latent, 1)                               # [N, n, D]
    for name in sorted(os.listdir(folder)):
        mpath = os.path.join(folder, name, "manifest.json")
        if not os.path.exists(mpath):
            continue
        m = json.load(open(mpath))
        attr = (m.get("provenance") or {}).get("attribute", name)
        d = torch.from_numpy(np.load(os.path.join(folder, name, m["file"]))).float().to(device).reshape(-1, w.shape[2])
        mask = torch.zeros(1, g.n_latent, 1, device=device)
        mask[0, manifest_rows(m.get("layers"), g.n_latent)] = 1
        step = args.strength * d[None] * mask if d.shape[0] == 1 else args.strength * d[None] * mask   # [1, n, D]
        ups, downs = [], []
        for lo in range(0, len(w), 250):
            wb = w[lo:lo + 250]
            with autocast(device, args.bf16):
                up = synthesize(g, wb + step, noise="const").float()
                down = synthesize(g, wb - step, noise="const").float()
            ups.append(score(up)); downs.append(score(down))
        up = {k: np.concatenate([u[k] for u in ups]) for k in ups[0]}
        down = {k: np.concatenate([u[k] for u in downs]) for k in downs[0]}
        out[name] = {"attribute": attr, "codes": int(len(w)), "strength": args.strength, "layers": m.get("layers"),
                     "fraction_correct": float(np.mean(up[attr] > down[attr])),
                     "mean_change": float(np.mean(up[attr] - down[attr])),
                     "others": {k: float(np.mean(up[k] - down[k])) for k in LABELS if k != attr}}
    return out


@torch.no_grad()
def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--work", required=True)
    ap.add_argument("--samples", type=int, default=2000)
    ap.add_argument("--faces", type=int, default=500)
    ap.add_argument("--strength", type=float, default=2.0)
    ap.add_argument("--effect-codes", type=int, default=500, help="sampled codes for the direction effect table")
    ap.add_argument("--device", default="auto")
    ap.add_argument("--threads", type=int, default=0)
    ap.add_argument("--seed", type=int, default=11)
    ap.add_argument("--bf16", action="store_true", help="bf16 autocast for synthesising the samples (the attribute "
                    "net scores in float32)")
    args = ap.parse_args()
    t0 = time.time()
    if args.threads:
        torch.set_num_threads(args.threads)
    device = pick_device(args.device)
    W = args.work
    g, latent_avg, _ = load_generator(os.path.join(W, "generator", "generator.pt"), device)
    net, cfg = load_attribute_net(os.path.join(W, "attributes", "attributes.pt"), device)
    images, labels = load_set(os.path.join(W, "heldout"))
    res = {"samples": args.samples, "heldout_renders": int(len(images)), "seed": args.seed,
           "synthesis_bf16": args.bf16, "torch": str(torch.__version__)}
    feats = {"fake": [], "real": [], "train": []}

    def score(x, which=None):
        x = x.clamp(-1, 1)
        if which:
            feats[which].append(penultimate(net, x).float().cpu().numpy())
        return {k: v.float().cpu().numpy() for k, v in attribute_scores(net, cfg, x).items()}

    def cat(parts):
        return {k: np.concatenate([p[k] for p in parts]) for k in parts[0]}

    gen = torch.Generator().manual_seed(args.seed)
    parts, first = [], None
    for lo in range(0, args.samples, 250):
        z = torch.randn(min(250, args.samples - lo), g.style_dim, generator=gen).to(device)
        with autocast(device, args.bf16):
            img = synthesize(g, g.style(z)[:, None].repeat(1, g.n_latent, 1), noise="const")
        img = img.float()
        first = img[:64] if first is None else first
        parts.append(score(img, "fake"))
    fake = cat(parts)
    xs = torch.from_numpy(images).permute(0, 3, 1, 2).float() / 127.5 - 1.0
    real = cat([score(xs[lo:lo + 250].to(device), "real") for lo in range(0, len(xs), 250)])
    res["attribute_w1"] = {k: w1(fake[k], real[k]) for k in LABELS}
    res["attribute_w1_scaled"] = {k: w1(fake[k], real[k]) / RANGES[k] for k in LABELS}
    res["glasses_rate"] = {"samples": float(np.mean(fake["glasses"] > 0.5)),
                           "renders_predicted": float(np.mean(real["glasses"] > 0.5)),
                           "renders_true": float(np.mean(labels[:, LABELS.index("glasses")] > 0.5))}
    train_path = os.path.join(W, "faces")
    if os.path.exists(os.path.join(train_path, "faces.npz")):
        tr_images, _ = load_set(train_path)
        tr_images = tr_images[:args.samples]
        for lo in range(0, len(tr_images), 250):
            xb = torch.from_numpy(tr_images[lo:lo + 250]).permute(0, 3, 1, 2).float() / 127.5 - 1.0
            score(xb.to(device), "train")
        del tr_images
    f = {k: np.concatenate(v) for k, v in feats.items() if v}
    res["frechet"] = {"features": f"attribute net penultimate ({f['fake'].shape[1]}-D)",
                      "samples_vs_heldout": frechet(f["fake"], f["real"]), "samples": int(len(f["fake"])),
                      "heldout": int(len(f["real"]))}
    if "train" in f:
        res["frechet"].update({"train_renders_vs_heldout": frechet(f["train"], f["real"]),
                               "train_renders": int(len(f["train"]))})
    res["attribute_mean_generated"] = {k: float(fake[k].mean()) for k in LABELS}
    res["attribute_mean_renders"] = {k: float(real[k].mean()) for k in LABELS}
    figs = os.path.join(W, "figures")
    save_grid(to_uint8(first), os.path.join(figs, "generated.png"), zoom=2)

    res["direction_effects"] = direction_effects(g, score, os.path.join(W, "directions"), args, device)

    d_path = os.path.join(W, "directions", "smile", "direction.npy")
    enc_path = os.path.join(W, "encoders", "restyle_e4e.pt")
    if os.path.exists(d_path) and os.path.exists(enc_path):
        enc, la = load_encoder(enc_path, device)
        d = torch.from_numpy(np.load(d_path)).float().to(device)                  # [1, D]
        x = xs[:args.faces].to(device)
        ups, downs, grid = [], [], []
        avg = torch.nn.functional.adaptive_avg_pool2d(synthesize(g, la[None], noise="const"), (64, 64))
        for lo in range(0, len(x), 100):
            xb = x[lo:lo + 100]
            codes, imgs = run_steps(enc, g, xb, avg, la, 5)
            w = codes[-1]
            up = synthesize(g, w + args.strength * d[None], noise="const")
            down = synthesize(g, w - args.strength * d[None], noise="const")
            ups.append(score(up)["smile"]); downs.append(score(down)["smile"])
            if lo == 0:
                grid = torch.stack([xb[:8], imgs[-1][:8], down[:8], up[:8]], 1).reshape(-1, 3, 64, 64)
        ups, downs = np.concatenate(ups), np.concatenate(downs)
        res["edit_smile"] = {"faces": int(len(ups)), "strength": args.strength,
                             "fraction_correct": float(np.mean(ups > downs)), "mean_change": float(np.mean(ups - downs))}
        save_grid(to_uint8(grid), os.path.join(figs, "edits_smile.png"), cols=4, zoom=2)
    res["wall_s"] = round(time.time() - t0, 1)
    with open(os.path.join(W, "evaluation.json"), "w") as f:
        json.dump(res, f, indent=1)
    print("evaluate_model: W1 " + ", ".join(f"{k} {v:.3f}" for k, v in res["attribute_w1"].items()))
    print("evaluate_model: W1 scaled to [0, 1] " + ", ".join(f"{k} {v:.3f}" for k, v in res["attribute_w1_scaled"].items()))
    print(f"evaluate_model: glasses rate samples {res['glasses_rate']['samples']:.3f}, renders (net) "
          f"{res['glasses_rate']['renders_predicted']:.3f}, renders (true) {res['glasses_rate']['renders_true']:.3f}")
    fr = res["frechet"]
    print(f"evaluate_model: Frechet (attribute features) samples vs held-out {fr['samples_vs_heldout']:.4f}"
          + (f", train renders vs held-out {fr['train_renders_vs_heldout']:.4f}" if "train_renders_vs_heldout" in fr
             else ""))
    for name, e in res["direction_effects"].items():
        others = ", ".join(f"{k} {v:+.3f}" for k, v in e["others"].items())
        print(f"evaluate_model: {name} -{e['strength']:g} -> +{e['strength']:g}: {e['attribute']} up on "
              f"{100 * e['fraction_correct']:.1f}% of {e['codes']} codes (mean {e['mean_change']:+.3f}); others: {others}")
    if "edit_smile" in res:
        e = res["edit_smile"]
        print(f"evaluate_model: smile +{e['strength']:g} vs -{e['strength']:g} raises the measured smile on "
              f"{100 * e['fraction_correct']:.1f}% of {e['faces']} inverted faces (mean change {e['mean_change']:+.3f})")


if __name__ == "__main__":
    main()
