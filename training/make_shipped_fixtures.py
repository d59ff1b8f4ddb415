"""Swift-agreement fixture of the shipped synthetic-faces-64 model (issue 13): Tests/Fixtures/shipped-model/.

    python3 training/make_shipped_fixtures.py [--model-dir models/synthetic-faces-64] [--out Tests/Fixtures]

Reads MODEL_DIR/generator.pt (ReStyle decoder layout: state_dict decoder.* + latent_avg [n_latent, D], float16
storage) and MODEL_DIR/attributes.pt, and writes OUT/shipped-model/ (small .npy files, float32 little endian,
C order; nothing else is needed to regenerate it):

  z.npy               [4, D]           z ~ N(0, I), torch.Generator seeds 0, 1, 2, 3 (one row each, torch.randn(D))
  w.npy               [4, D]           the mapping network's output for each z (g.mapping: PixelNorm + n_mlp layers)
  images.npy          [4, 3, 64, 64]   G(w on every one of the n_latent rows), the stored noise buffers, output range
                                       about [-1, 1] (not clamped)
  latent_avg.npy      [n_latent, D]    the checkpoint's latent_avg, widened
  attr_inputs.npy     [4, 3, 64, 64]   held-out renders (seed 2, faces 0..3) as k / 255 * 2 - 1, RGB
  attr_input_<i>.png                   the same renders as PNG (what the Swift image loader reads)
  attr_raw.npy        [4, 12]          the attribute network's raw outputs (eval mode: BatchNorm running stats)
  attr_scores.npy     [4, 12]          denormalised: continuous j = raw * std[j] + mean[j]; glasses = sigmoid(raw)
  attr_labels.npy     [4, 12]          the renderer's true labels of those faces (for reference, not a tolerance)
  manifest.json                        fixture version, torch/numpy versions, sha256 of both checkpoints, seeds,
                                       output names, shapes, the conventions above
  README.md                            the same in words

Computed with the repo's PyTorch reference modules (scripts/fixtures/reference/stylegan2.py: the grouped-conv
StyleGAN2 forward, not the training fast path), CPU, float32, one thread, deterministic algorithms, weights widened
from the checkpoint's float16 storage exactly as the Swift loader widens them.
"""
import argparse
import hashlib
import json
import os
import sys

import numpy as np
import torch
from PIL import Image

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(HERE)
sys.path.insert(0, HERE)
sys.path.insert(0, os.path.join(REPO, "scripts", "fixtures"))
from networks import attribute_scores, load_attribute_net, make_generator  # noqa: E402
from reference.stylegan2 import make_deterministic  # noqa: E402
from render_faces import LABELS, face  # noqa: E402

FIXTURE_VERSION = 1
SEEDS = (0, 1, 2, 3)
HELDOUT_SEED, FACES = 2, (0, 1, 2, 3)


def sha256(path):
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def load_shipped_generator(path):
    """Reference Generator from a ReStyle-layout generator.pt; channels, style dim and n_mlp inferred from the keys."""
    ck = torch.load(path, map_location="cpu", weights_only=True)
    sd = {k[len("decoder."):]: (v.float() if v.is_floating_point() else v)
          for k, v in ck["state_dict"].items() if k.startswith("decoder.")}
    style_dim = sd["style.1.weight"].shape[0]
    n_mlp = sum(1 for k in sd if k.startswith("style.") and k.endswith(".weight"))
    channels = [sd["input.input"].shape[1]] + [sd[f"convs.{2 * i}.conv.weight"].shape[1] for i in range(4)]
    g = make_generator(64, style_dim, n_mlp, ",".join(str(c) for c in channels))
    g.load_state_dict(sd)
    return g.eval(), ck["latent_avg"].float(), ck.get("opts", {})


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--model-dir", default=os.path.join(REPO, "models", "synthetic-faces-64"))
    ap.add_argument("--out", default=os.path.join(REPO, "Tests", "Fixtures"))
    args = ap.parse_args()
    torch.set_num_threads(1)
    make_deterministic()
    gen_path, attr_path = (os.path.join(args.model_dir, f) for f in ("generator.pt", "attributes.pt"))
    d = os.path.join(args.out, "shipped-model")
    os.makedirs(d, exist_ok=True)
    g, latent_avg, opts = load_shipped_generator(gen_path)
    net, cfg = load_attribute_net(attr_path)
    arrays = {}
    with torch.no_grad():
        z = torch.stack([torch.randn(g.style_dim, generator=torch.Generator().manual_seed(s)) for s in SEEDS])
        w = g.mapping(z)
        images = g([w[:, None].repeat(1, g.n_latent, 1)], input_is_latent=True, randomize_noise=False)
        renders, labels = [], []
        for i in FACES:
            im, lab = face(HELDOUT_SEED, i)
            Image.fromarray(im).save(os.path.join(d, f"attr_input_{i}.png"))
            back = np.array(Image.open(os.path.join(d, f"attr_input_{i}.png")).convert("RGB"))
            assert np.array_equal(back, im)
            renders.append(im)
            labels.append([lab[k] for k in LABELS])
        x = torch.from_numpy(np.stack(renders)).permute(0, 3, 1, 2).float() / 255.0 * 2.0 - 1.0
        raw = net(x)
        sc = attribute_scores(net, cfg, x)
        scores = torch.stack([sc[k] for k in cfg["outputs"]], 1)
    arrays = {"z": z, "w": w, "images": images, "latent_avg": latent_avg, "attr_inputs": x, "attr_raw": raw,
              "attr_scores": scores, "attr_labels": torch.tensor(labels)}
    shapes = {}
    for name, v in arrays.items():
        a = np.ascontiguousarray(v.detach().cpu().numpy().astype("<f4"))
        np.save(os.path.join(d, f"{name}.npy"), a)
        shapes[name] = list(a.shape)
    manifest = {
        "fixture": "shipped-model", "version": FIXTURE_VERSION, "script": "training/make_shipped_fixtures.py",
        "torch": str(torch.__version__), "numpy": np.__version__,
        "generator": {"file": "models/synthetic-faces-64/generator.pt", "sha256": sha256(gen_path),
                      "style_dim": g.style_dim, "n_mlp": g.n_mlp, "n_latent": g.n_latent,
                      "channels": {str(r): c for r, c in g.channels.items()},
                      "images_seen": opts.get("images_seen")},
        "attributes": {"file": "models/synthetic-faces-64/attributes.pt", "sha256": sha256(attr_path),
                       "outputs": cfg["outputs"], "kinds": cfg["kinds"]},
        "z_seeds": list(SEEDS), "z": "row i = torch.randn(style_dim, generator=torch.Generator().manual_seed(seed_i))",
        "images": "reference StyleGAN2 forward, w repeated on all n_latent rows, randomize_noise=False (stored noise), "
                  "not clamped",
        "attr_faces": {"seed": HELDOUT_SEED, "indices": list(FACES), "input": "uint8 k / 255 * 2 - 1, RGB, [N, 3, 64, 64]"},
        "attr_scores": "continuous j: raw * std[j] + mean[j]; binary (glasses): sigmoid(raw)",
        "compute": "CPU float32, 1 thread, torch.use_deterministic_algorithms(True), float16 weights widened to float32",
        "suggested_tolerance": 1e-4, "shapes": shapes,
    }
    with open(os.path.join(d, "manifest.json"), "w") as f:
        json.dump(manifest, f, indent=1)
        f.write("\n")
    readme = f"""# shipped-model fixture (version {FIXTURE_VERSION})

Made by `python3 training/make_shipped_fixtures.py` from `models/synthetic-faces-64/generator.pt`
(sha256 `{manifest['generator']['sha256'][:16]}…`) and `attributes.pt` (sha256
`{manifest['attributes']['sha256'][:16]}…`) with torch {torch.__version__}, numpy {np.__version__}, on the CPU in
float32 (one thread, deterministic algorithms; the checkpoints' float16 weights widened to float32, as the Swift
loader does). Regenerate it whenever a shipped checkpoint changes: the hashes in `manifest.json` must match the
committed files.

| file | shape | what |
|---|---|---|
| `z.npy` | {shapes['z']} | z for seeds {list(SEEDS)} (`torch.randn(D, generator=torch.Generator().manual_seed(seed))`) |
| `w.npy` | {shapes['w']} | mapped w = G.mapping(z) |
| `images.npy` | {shapes['images']} | G(w) (w on every one of the {g.n_latent} rows; stored noise; not clamped) |
| `latent_avg.npy` | {shapes['latent_avg']} | the checkpoint's `latent_avg` |
| `attr_inputs.npy` | {shapes['attr_inputs']} | held-out renders seed {HELDOUT_SEED}, faces {list(FACES)}, as k / 255 * 2 − 1 (also `attr_input_<i>.png`) |
| `attr_raw.npy` | {shapes['attr_raw']} | attribute network raw outputs (eval mode) |
| `attr_scores.npy` | {shapes['attr_scores']} | denormalised: raw · std + mean; glasses sigmoid(raw) |
| `attr_labels.npy` | {shapes['attr_labels']} | the renderer's true labels (reference only) |

Output order of the attribute arrays: {', '.join(cfg['outputs'])}. Suggested tolerance: 1e-4 absolute.
All arrays are little-endian float32 `.npy` (format 1.0, C order).
"""
    with open(os.path.join(d, "README.md"), "w") as f:
        f.write(readme)
    total = sum(os.path.getsize(os.path.join(d, f)) for f in os.listdir(d))
    print(f"make_shipped_fixtures: {d}: {len(os.listdir(d))} files, {total / 1024:.0f} KB; |images| max "
          f"{float(images.abs().max()):.3f}; attr_scores[0] " + " ".join(f"{v:.3f}" for v in scores[0].tolist()))


if __name__ == "__main__":
    main()
