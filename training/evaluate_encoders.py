"""Quality of the shipped ReStyle encoders for MODEL.md (issue 14, items 2 and 3).

  python3 training/evaluate_encoders.py --work WORK [--faces 500] [--steps 5] [--threads 2]

Reads WORK/{generator/generator.pt, attributes/attributes.pt, encoders/restyle_{e4e,psp}.pt, heldout/faces.npz,
directions/*/manifest.json} and writes WORK/encoder_evaluation.json and WORK/figures/inversions_{e4e,psp}.png.

For each encoder, on the first --faces held-out renders (seed 2; never trained on), ReStyle inference exactly as the
official code and the Swift inverter run it (start at latent_avg and the average image; step t: codes = E(cat(x,
y_{t-1})) + codes_{t-1}; y_t = G(codes) with the stored noise), per step 1..--steps:
  mse              mean over faces of the per-image MSE on [-1, 1]
  psnr             mean per-image PSNR in dB on [0, 1] (reconstruction clamped to [-1, 1])
  ssim             mean SSIM (Wang et al. 2004: 11x11 Gaussian window, sigma 1.5, K1 0.01, K2 0.03, valid filtering,
                   per channel, on [0, 1])
  attribute_error  the attribute network's scores of the reconstruction against the render's TRUE labels: MAE per
                   continuous attribute scaled to [0, 1] by the nominal range (smile, yaw, light span 2), glasses
                   accuracy; next to the same figure of the attribute network on the renders themselves
                   ("renders"), the floor; target at the last step <= 2x the floor per continuous attribute
  mahalanobis      mean over faces and rows of the Mahalanobis distance of each W+ row to the W distribution (mean
                   and covariance of 20 000 mapped w = G.style(z), z seed 21); "native" = the same for 2 000 other
                   mapped w (what a code in W scores, about sqrt(D))
  row_spread       mean over faces of mean_i ||w_i - mean_j w_j|| (0 for a code in W: one w on every row)
Editing on inversions: each built-in direction at -S and +S (--strength, default 2) over its manifest layers, added to
the last step's code; the attribute network scores both renders; fraction of faces whose target attribute is higher
at +S ("right way", target >= 0.90 for e4e inversions) and the mean change, next to the same on native samples
(sampled codes, z seed 12: the effect table of evaluate_model.py).
Figures: per encoder 8 faces, each row input | step 1 .. step K (2x zoom).
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
from common import save_grid, to_uint8  # noqa: E402
from evaluate_model import manifest_rows  # noqa: E402
from networks import Encoder, attribute_scores, load_attribute_net, synthesize  # noqa: E402
from render_faces import LABELS, load_set  # noqa: E402
from train_encoder import load_generator  # noqa: E402

RANGES = {"smile": 2.0, "yaw": 2.0, "light": 2.0}
KINDS = ("e4e", "psp")


def load_encoder(path):
    """(encoder in eval mode, latent_avg [n, D]) from a ReStyle checkpoint written by train_encoder.py."""
    ck = torch.load(path, map_location="cpu", weights_only=True)
    o = ck["opts"]
    sd = {k[len("encoder."):]: (v.float() if v.is_floating_point() else v)
          for k, v in ck["state_dict"].items() if k.startswith("encoder.")}
    stages = [tuple(s) for s in o["ir_se_stages"]]
    la = ck["latent_avg"].float()
    enc = Encoder("ir_se", la.shape[0], o["style_dim"], o["input_size"] // 2 ** len(stages),
                  o["encoder_type"] == "ProgressiveBackboneEncoder", stages=stages, input_nc=o["input_nc"])
    enc.load_state_dict(sd)
    return enc.eval(), la, o


def gaussian_window(size=11, sigma=1.5):
    x = torch.arange(size, dtype=torch.float64) - (size - 1) / 2
    g = torch.exp(-x ** 2 / (2 * sigma ** 2))
    g = g / g.sum()
    return (g[:, None] * g[None, :]).float()                                           # [size, size]


def ssim(a, b, window):
    """a, b: [N, 3, H, W] on [0, 1] -> [N] mean SSIM (valid filtering, per channel, averaged)."""
    c = a.shape[1]
    w = window[None, None].repeat(c, 1, 1, 1)
    f = lambda t: F.conv2d(t, w, groups=c)                                             # noqa: E731
    mu_a, mu_b = f(a), f(b)
    s_aa, s_bb, s_ab = f(a * a) - mu_a ** 2, f(b * b) - mu_b ** 2, f(a * b) - mu_a * mu_b
    c1, c2 = 0.01 ** 2, 0.03 ** 2
    m = ((2 * mu_a * mu_b + c1) * (2 * s_ab + c2)) / ((mu_a ** 2 + mu_b ** 2 + c1) * (s_aa + s_bb + c2))
    return m.mean(dim=[1, 2, 3])


def attribute_error(sc, labels):
    """{continuous name: scaled MAE, 'glasses_accuracy': fraction} of scores {name: [N]} vs labels [N, L]."""
    out = {}
    for j, name in enumerate(LABELS):
        if name == "glasses":
            out["glasses_accuracy"] = float(((sc[name] > 0.5).float() == labels[:, j]).float().mean())
        else:
            out[name] = float((sc[name] - labels[:, j]).abs().mean()) / RANGES.get(name, 1.0)
    return out


def mahalanobis(codes, mu, prec):
    """codes [N, n, D] -> mean over faces and rows of sqrt((w - mu)^T P (w - mu))."""
    d = codes.double() - mu
    return float(torch.einsum("nrd,de,nre->nr", d, prec, d).clamp_min(0).sqrt().mean())


def row_spread(codes):
    return float((codes - codes.mean(1, keepdim=True)).norm(dim=2).mean())


def directions(folder):
    """[(name, attribute, direction [D], rows)] of the built-in plugins under folder."""
    out = []
    for name in sorted(os.listdir(folder)) if os.path.isdir(folder) else []:
        mpath = os.path.join(folder, name, "manifest.json")
        if not os.path.exists(mpath):
            continue
        m = json.load(open(mpath))
        d = torch.from_numpy(np.load(os.path.join(folder, name, m["file"]))).float().reshape(-1)
        attr = m.get("attribute") or m.get("provenance", {}).get("attribute") or name
        out.append((name, attr, d, m.get("layers", "all")))
    return out


def markdown(res):
    """MODEL.md tables of an encoder_evaluation.json result."""
    kinds = list(res["encoders"])
    floor = res["attribute_error_renders"]
    cont = [k for k in floor if k != "glasses_accuracy"]
    out = [f"Reconstruction and distance to W ({res['faces']} held-out renders; Mahalanobis of a mapped w: "
           f"{res['mahalanobis_native']:.2f}):", "",
           "| encoder | step | MSE | PSNR (dB) | SSIM | attribute MAE (mean, scaled) | glasses acc. | Mahalanobis | row spread |",
           "|---|---|---|---|---|---|---|---|---|"]
    for k in kinds:
        for st in res["encoders"][k]["steps"]:
            ae = st["attribute_error"]
            out.append(f"| {k} | {st['step']} | {st['mse']:.4f} | {st['psnr']:.2f} | {st['ssim']:.3f} | "
                       f"{sum(ae[a] for a in cont) / len(cont):.3f} | {ae['glasses_accuracy']:.3f} | "
                       f"{st['mahalanobis']:.2f} | {st['row_spread']:.3f} |")
    out += ["", f"Attribute error at step {res['steps']} per attribute (scaled MAE against the true labels), next to the "
            "attribute network's own error on the renders (the floor) and the target (≤ 2 × floor):", "",
            "| attribute | floor | target | " + " | ".join(kinds) + " |", "|---|---|---|" + "---|" * len(kinds)]
    for a in cont:
        cells = []
        for k in kinds:
            v = res["encoders"][k]["steps"][-1]["attribute_error"][a]
            cells.append(f"{v:.3f}" + ("" if v <= 2 * floor[a] else " **✗**"))
        out.append(f"| {a} | {floor[a]:.3f} | {2 * floor[a]:.3f} | " + " | ".join(cells) + " |")
    out.append(f"| glasses (accuracy) | {floor['glasses_accuracy']:.3f} | | " + " | ".join(
        f"{res['encoders'][k]['steps'][-1]['attribute_error']['glasses_accuracy']:.3f}" for k in kinds) + " |")
    first = res["encoders"][kinds[0]]["edits"]
    out += ["", "Built-in directions on the inversions (last step's codes, ±2 over the manifest layers): fraction of "
            "faces whose attribute moves the right way (target ≥ 90 % for e4e), mean change; native = sampled codes:", "",
            "| direction | " + " | ".join(f"{k} right way | {k} change" for k in kinds) + " | native right way | native change |",
            "|---|" + "---|---|" * len(kinds) + "---|---|"]
    for name in first:
        cells = []
        for k in kinds:
            e = res["encoders"][k]["edits"][name]
            cells.append(f"{100 * e['fraction_correct']:.1f}%" + (" **✗**" if k == "e4e" and e["fraction_correct"] < 0.9 else ""))
            cells.append(f"{e['mean_change']:+.3f}")
        nf, nc = first[name]["native_fraction_correct"], first[name]["native_mean_change"]
        cells += ["" if nf is None else f"{100 * nf:.1f}%", "" if nc is None else f"{nc:+.3f}"]
        out.append(f"| {name} | " + " | ".join(cells) + " |")
    return "\n".join(out) + "\n"


@torch.no_grad()
def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--work", required=True)
    ap.add_argument("--faces", type=int, default=500)
    ap.add_argument("--steps", type=int, default=5)
    ap.add_argument("--strength", type=float, default=2.0)
    ap.add_argument("--w-samples", type=int, default=20000)
    ap.add_argument("--chunk", type=int, default=100)
    ap.add_argument("--threads", type=int, default=0)
    ap.add_argument("--device", default="cpu", help="cpu only (accepted for the driver's common flags)")
    args = ap.parse_args()
    if args.threads:
        torch.set_num_threads(args.threads)
    W = args.work
    t0 = time.time()
    g, _, _ = load_generator(os.path.join(W, "generator", "generator.pt"), torch.device("cpu"))
    net, cfg = load_attribute_net(os.path.join(W, "attributes", "attributes.pt"))
    score = lambda x: attribute_scores(net, cfg, x.clamp(-1, 1))                      # noqa: E731
    images, labels = load_set(os.path.join(W, "heldout"))
    x_all = torch.from_numpy(images[:args.faces]).permute(0, 3, 1, 2).float() / 127.5 - 1.0   # [F, 3, 64, 64]
    y_all = torch.from_numpy(labels[:args.faces])
    window = gaussian_window()

    zs = torch.randn(args.w_samples + 2000, g.style_dim, generator=torch.Generator().manual_seed(21))
    ws = torch.cat([g.style(zs[i:i + 2000]) for i in range(0, len(zs), 2000)]).double()
    fit, other = ws[:args.w_samples], ws[args.w_samples:]
    mu = fit.mean(0)
    cov = torch.cov(fit.T)
    prec = torch.linalg.inv(cov + 1e-9 * torch.eye(len(mu), dtype=torch.float64))
    native_maha = mahalanobis(other.float()[:, None], mu, prec)

    render_sc = {k: [] for k in LABELS}
    for lo in range(0, len(x_all), args.chunk):
        sc = score(x_all[lo:lo + args.chunk])
        for k in LABELS:
            render_sc[k].append(sc[k])
    floor = attribute_error({k: torch.cat(v) for k, v in render_sc.items()}, y_all)
    res = {"faces": len(x_all), "heldout_seed": 2, "steps": args.steps, "torch": str(torch.__version__),
           "mahalanobis_native": native_maha, "w_samples": args.w_samples, "attribute_error_renders": floor,
           "encoders": {}}
    dirs = directions(os.path.join(W, "directions"))
    native = json.load(open(os.path.join(W, "evaluation.json"))).get("direction_effects", {}) \
        if os.path.exists(os.path.join(W, "evaluation.json")) else {}
    for kind in KINDS:
        path = os.path.join(W, "encoders", f"restyle_{kind}.pt")
        if not os.path.exists(path):
            print(f"evaluate_encoders: {path} missing, {kind} skipped")
            continue
        enc, la, opts = load_encoder(path)
        avg = F.adaptive_avg_pool2d(synthesize(g, la[None], noise="const"), (64, 64))           # [1, 3, 64, 64]
        per = {k: [[] for _ in range(args.steps)] for k in ("mse", "psnr", "ssim", "codes")}
        scores = [{k: [] for k in LABELS} for _ in range(args.steps)]
        grid_rows = None
        for lo in range(0, len(x_all), args.chunk):
            x = x_all[lo:lo + args.chunk]
            y, latent = avg.expand(len(x), -1, -1, -1), la[None].expand(len(x), -1, -1)
            imgs = []
            for t in range(args.steps):
                codes = enc(torch.cat([x, y], 1)) + latent
                img = synthesize(g, codes, noise="const")
                y, latent = F.adaptive_avg_pool2d(img, (64, 64)), codes
                rec = img.clamp(-1, 1)
                mse = ((rec - x) ** 2).mean(dim=[1, 2, 3])
                per["mse"][t].append(((img - x) ** 2).mean(dim=[1, 2, 3]))
                per["psnr"][t].append(10 * torch.log10(1.0 / (mse / 4).clamp_min(1e-12)))
                per["ssim"][t].append(ssim((rec + 1) / 2, (x + 1) / 2, window))
                per["codes"][t].append(codes)
                sc = score(img)
                for k in LABELS:
                    scores[t][k].append(sc[k])
                imgs.append(img)
            if lo == 0:
                grid_rows = torch.stack([x[:8]] + [im[:8] for im in imgs], 1).reshape(-1, 3, 64, 64)
        save_grid(to_uint8(grid_rows), os.path.join(W, "figures", f"inversions_{kind}.png"), cols=args.steps + 1,
                  zoom=2)
        steps = []
        for t in range(args.steps):
            codes = torch.cat(per["codes"][t])
            steps.append({"step": t + 1,
                          "mse": float(torch.cat(per["mse"][t]).mean()),
                          "psnr": float(torch.cat(per["psnr"][t]).mean()),
                          "ssim": float(torch.cat(per["ssim"][t]).mean()),
                          "attribute_error": attribute_error({k: torch.cat(v) for k, v in scores[t].items()}, y_all),
                          "mahalanobis": mahalanobis(codes, mu, prec),
                          "row_spread": row_spread(codes)})
        last = torch.cat(per["codes"][-1])                                                     # [F, n, D]
        edits = {}
        for name, attr, d, layers in dirs:
            rows = manifest_rows(layers, last.shape[1])
            mask = torch.zeros(last.shape[1], 1)
            mask[rows] = 1
            up, down = [], []
            for lo in range(0, len(last), args.chunk):
                w = last[lo:lo + args.chunk]
                up.append(score(synthesize(g, w + args.strength * mask * d, noise="const"))[attr])
                down.append(score(synthesize(g, w - args.strength * mask * d, noise="const"))[attr])
            up, down = torch.cat(up), torch.cat(down)
            edits[name] = {"attribute": attr, "strength": args.strength, "layers": layers,
                           "fraction_correct": float((up > down).float().mean()),
                           "mean_change": float((up - down).mean()),
                           "native_fraction_correct": native.get(name, {}).get("fraction_correct"),
                           "native_mean_change": native.get(name, {}).get("mean_change")}
        res["encoders"][kind] = {"file": f"restyle_{kind}.pt", "encoder_type": opts["encoder_type"],
                                 "trained_steps": opts.get("trained_steps"), "steps": steps, "edits": edits}
        s1, sk = steps[0], steps[-1]
        print(f"evaluate_encoders: {kind}: PSNR " + " ".join(f"{s['psnr']:.2f}" for s in steps)
              + " dB; SSIM " + " ".join(f"{s['ssim']:.3f}" for s in steps)
              + f"; Mahalanobis {s1['mahalanobis']:.2f} -> {sk['mahalanobis']:.2f} (native {native_maha:.2f}); "
              f"row spread {s1['row_spread']:.3f} -> {sk['row_spread']:.3f}")
        print(f"evaluate_encoders: {kind}: attribute error at step {args.steps} (scaled MAE / floor): " + ", ".join(
            f"{k} {v:.3f}/{floor[k]:.3f}" for k, v in sk["attribute_error"].items() if k != "glasses_accuracy")
            + f"; glasses accuracy {sk['attribute_error']['glasses_accuracy']:.3f}")
        print(f"evaluate_encoders: {kind}: edits +-{args.strength:g} right way: " + ", ".join(
            f"{k} {100 * e['fraction_correct']:.1f}%" for k, e in edits.items()))
    res["wall_s"] = round(time.time() - t0, 1)
    with open(os.path.join(W, "encoder_evaluation.md"), "w") as f:
        f.write(markdown(res))
    out = os.path.join(W, "encoder_evaluation.json")
    with open(out + ".tmp", "w") as f:
        json.dump(res, f, indent=1)
    os.replace(out + ".tmp", out)
    print(f"evaluate_encoders: {res['wall_s']} s -> {out}")


if __name__ == "__main__":
    main()
