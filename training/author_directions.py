"""Authors the built-in direction plugins of synthetic-faces-64 with InterFaceGAN (issue 7).

1. Sample --samples codes w = G.style(z), z ~ N(0, I) (seeded), render G(w) with the stored noise buffers and
   score every image with the attribute network.
2. Per direction: the --ratio highest- and lowest-scoring codes (glasses: p > 0.5 vs p < 0.5, balanced) are the
   positive and negative classes; a random --train-split of them trains a linear SVM in W (L2-regularised squared
   hinge, solved exactly by Newton steps on the active set, bias unregularised), the rest measure its validation
   accuracy. The direction is the unit normal of the boundary, pointing to higher scores.
3. Writes OUT/<name>/{manifest.json, direction.npy [1, D] float32} (design.md plugin format; validation accuracy,
   sample counts, attribute, seed in `provenance`), OUT/summary.json, and OUT-samples/{codes.npy [N, D],
   scores.npz} for reuse (kept out of OUT, where a bare .npy would be read as a plugin).

Example: python3 training/author_directions.py --generator gen/generator.pt --attributes attr/attributes.pt
             --out /tmp/directions --samples 20000
"""
import argparse
import datetime
import hashlib
import json
import os
import sys
import time

import numpy as np
import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from networks import attribute_scores, autocast, load_attribute_net, pick_device, synthesize  # noqa: E402
from train_encoder import load_generator  # noqa: E402

# name -> (attribute, description)
DIRECTIONS = {
    "smile": ("smile", "Mouth curvature: + smiles (open mouth at high strength), - frowns."),
    "yaw": ("yaw", "Head turn: + towards the viewer's right, - towards the left."),
    "glasses": ("glasses", "Round glasses: + puts them on, - takes them off."),
    "hair_colour": ("hair_colour", "Hair colour: + lighter (towards blonde/platinum), - darker (towards black)."),
    "eye_open": ("eye_open", "Eye openness: + wide open, - closed."),
    "hair_length": ("hair_length", "Hair length: + longer, - shorter."),
    "skin_tone": ("skin_tone", "Skin tone: + darker, - lighter."),
    "face_width": ("face_width", "Face width: + wider, - narrower."),
    "light": ("light", "Lighting direction: + lit from the viewer's right, - from the left."),
}


def parse(argv=None):
    ap = argparse.ArgumentParser(description="InterFaceGAN direction authoring (synthetic-faces-64)")
    ap.add_argument("--generator", required=True)
    ap.add_argument("--attributes", required=True)
    ap.add_argument("--out", required=True, help="staging folder for the plugins")
    ap.add_argument("--samples", type=int, default=20000)
    ap.add_argument("--ratio", type=float, default=0.2, help="top/bottom fraction per class")
    ap.add_argument("--train-split", type=float, default=0.7)
    ap.add_argument("--C", type=float, default=1.0, help="SVM loss weight (regulariser 0.5 ||w||^2)")
    ap.add_argument("--names", default=",".join(DIRECTIONS))
    ap.add_argument("--seed", type=int, default=5)
    ap.add_argument("--device", default="auto")
    ap.add_argument("--chunk", type=int, default=500)
    ap.add_argument("--model-id", default="synthetic-faces-64")
    ap.add_argument("--threads", type=int, default=0)
    ap.add_argument("--bf16", action="store_true", help="bf16 autocast for the sample synthesis (CPU: ~1.6x); the "
                    "attribute net scores in float32")
    return ap.parse_args(argv)


def linear_svm(x, y, c=1.0, iters=50):
    """min 0.5 |w|^2 + c * sum max(0, 1 - y (x.w + b))^2 (b unregularised). x [n, D], y in {-1, +1}.
    Newton on the active set (the objective is piecewise quadratic); returns (w [D], b, iterations)."""
    n, d = x.shape
    xa = np.concatenate([x, np.ones((n, 1))], 1).astype(np.float64)
    reg = np.eye(d + 1); reg[d, d] = 1e-8
    w = np.zeros(d + 1)
    active = None
    for it in range(1, iters + 1):
        margin = y * (xa @ w)
        new_active = margin < 1
        if active is not None and np.array_equal(new_active, active):
            break
        active = new_active
        xi, yi = xa[active], y[active]
        h = reg + 2 * c * xi.T @ xi
        w = np.linalg.solve(h, 2 * c * xi.T @ yi)            # exact minimiser for this active set
    return w[:d], w[d], it


def classes(score, kind, ratio, rng):
    """(indices, labels ±1, selection description) of the chosen samples."""
    pos, neg = np.where(score > 0.5)[0], np.where(score <= 0.5)[0]
    if kind == "binary" and min(len(pos), len(neg)) >= ratio * len(score) / 4:
        m = min(len(pos), len(neg))
        pos, neg = rng.permutation(pos)[:m], rng.permutation(neg)[:m]
        how = "p > 0.5 vs p <= 0.5, balanced"
    else:  # continuous, or too few samples on one side of p = 0.5: rank the scores
        order = np.argsort(score)
        m = int(len(score) * ratio)
        neg, pos = order[:m], order[-m:]
        how = f"top/bottom {ratio:g} of the scores"
    idx = np.concatenate([pos, neg])
    lab = np.concatenate([np.ones(len(pos)), -np.ones(len(neg))])
    return idx, lab, how


def fingerprint(path):
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()[:16]


def main(argv=None):
    args = parse(argv)
    if args.threads:
        torch.set_num_threads(args.threads)
    device = pick_device(args.device)
    t0 = time.time()
    g, _, _ = load_generator(args.generator, device)
    net, cfg = load_attribute_net(args.attributes, device)
    gen = torch.Generator().manual_seed(args.seed)
    codes, scores = [], {k: [] for k in cfg["outputs"]}
    with torch.no_grad():
        for lo in range(0, args.samples, args.chunk):
            m = min(args.chunk, args.samples - lo)
            z = torch.randn(m, g.style_dim, generator=gen).to(device)
            w = g.style(z)
            with autocast(device, args.bf16):
                img = synthesize(g, w[:, None].repeat(1, g.n_latent, 1), noise="const")
            img = img.float().clamp(-1, 1)
            for k, v in attribute_scores(net, cfg, img).items():
                scores[k].append(v.float().cpu().numpy())
            codes.append(w.float().cpu().numpy())
    codes = np.concatenate(codes)
    scores = {k: np.concatenate(v) for k, v in scores.items()}
    os.makedirs(args.out, exist_ok=True)
    samples_dir = args.out.rstrip("/") + "-samples"     # outside the plugin folder: a bare .npy there is a plugin
    os.makedirs(samples_dir, exist_ok=True)
    np.save(os.path.join(samples_dir, "codes.npy"), codes)
    np.savez(os.path.join(samples_dir, "scores.npz"), **scores)
    t_sample = time.time() - t0
    model = f"{args.model_id} (generator sha256 {fingerprint(args.generator)})"
    kinds = dict(zip(cfg["outputs"], cfg["kinds"]))
    summary = {}
    for name in args.names.split(","):
        attribute, description = DIRECTIONS[name]
        rng = np.random.default_rng([args.seed, len(name)])
        idx, lab, how = classes(scores[attribute], kinds[attribute], args.ratio, rng)
        perm = rng.permutation(len(idx))
        n_tr = int(len(idx) * args.train_split)
        tr, va = perm[:n_tr], perm[n_tr:]
        x = codes[idx]
        w, b, iters = linear_svm(x[tr], lab[tr], args.C)
        acc_tr = float(np.mean(np.sign(x[tr] @ w + b) == lab[tr]))
        acc = float(np.mean(np.sign(x[va] @ w + b) == lab[va])) if len(va) else float("nan")
        norm = float(np.linalg.norm(w))
        direction = (w / max(norm, 1e-12)).astype(np.float32)[None]     # [1, D]
        folder = os.path.join(args.out, name)
        os.makedirs(folder, exist_ok=True)
        np.save(os.path.join(folder, "direction.npy"), direction)
        manifest = {
            "name": name, "description": description, "model": model, "space": "w", "file": "direction.npy",
            "format": "npy", "layers": f"0-{g.n_latent - 1}", "default_strength": 1.0, "strength_range": [-4.0, 4.0],
            "mode": "add", "method": "interfacegan",
            "provenance": {"samples": args.samples, "attribute": attribute, "classifier": "attributes.pt",
                           "positives": int((lab > 0).sum()), "negatives": int((lab < 0).sum()),
                           "selection": how,
                           "train": int(len(tr)), "validation": int(len(va)), "accuracy": round(acc, 4),
                           "train_accuracy": round(acc_tr, 4), "svm": f"L2-regularised squared hinge, C={args.C:g}, "
                           f"Newton ({iters} iterations)", "seed": args.seed,
                           "script": "training/author_directions.py",
                           "created": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")}}
        with open(os.path.join(folder, "manifest.json"), "w") as f:
            json.dump(manifest, f, indent=2)
            f.write("\n")
        summary[name] = {"accuracy": acc, "train_accuracy": acc_tr, "samples_used": int(len(idx))}
        print(f"author_directions: {name:12s} validation accuracy {acc:.4f} (train {acc_tr:.4f}, {len(tr)}+{len(va)} codes)")
    with open(os.path.join(args.out, "summary.json"), "w") as f:
        json.dump(summary, f, indent=1)
    print(f"author_directions: {args.samples} samples scored in {t_sample:.1f}s, total {time.time() - t0:.1f}s -> {args.out}")


if __name__ == "__main__":
    main()
