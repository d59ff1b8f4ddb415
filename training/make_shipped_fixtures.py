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
  <kind>_codes.npy    [5, 2, n, D]     for each shipped encoder (e4e, psp: MODEL_DIR/restyle_<kind>.pt, when present):
                                       the W+ codes of a 5-step ReStyle inversion of attr_inputs[0:2] (start at
                                       latent_avg and the average image G(latent_avg); step t: codes = E(cat(x,
                                       y_{t-1})) + codes_{t-1}, y_t = G(codes), stored noise)
  <kind>_images.npy   [2, 2, 3, 64, 64] the reconstructions of steps 1 and 5 (not clamped)
  <kind>_avg_image.npy [3, 64, 64]     the average image G(latent_avg of that checkpoint)
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
from evaluate_encoders import load_encoder as load_shipped_encoder  # noqa: E402
from networks import attribute_scores, load_attribute_net, make_generator  # noqa: E402
from reference.stylegan2 import make_deterministic  # noqa: E402
from render_faces import LABELS, face  # noqa: E402

FIXTURE_VERSION = 2
ENCODERS, INVERT_FACES, INVERT_STEPS = ("e4e", "psp"), 2, 5
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


def restyle(enc, g, latent_avg, x, steps):
    """The official ReStyle inference loop: (codes [steps, N, n, D], images [steps, N, 3, H, W], avg image)."""
    avg = g([latent_avg[None]], input_is_latent=True, randomize_noise=False)
    avg = torch.nn.functional.adaptive_avg_pool2d(avg, x.shape[2:])
    y, latent = avg.expand(len(x), -1, -1, -1), latent_avg[None].expand(len(x), -1, -1)
    codes_all, images = [], []
    for _ in range(steps):
        codes = enc(torch.cat([x, y], 1)) + latent
        img = g([codes], input_is_latent=True, randomize_noise=False)
        y, latent = torch.nn.functional.adaptive_avg_pool2d(img, x.shape[2:]), codes
        codes_all.append(codes)
        images.append(img)
    return torch.stack(codes_all), torch.stack(images), avg[0]


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
    encoders = {}
    for kind in ENCODERS:
        path = os.path.join(args.model_dir, f"restyle_{kind}.pt")
        if not os.path.exists(path):
            continue
        enc, la, o = load_shipped_encoder(path)
        g_enc, _, _ = load_shipped_generator(path)
        with torch.no_grad():
            codes, imgs, avg = restyle(enc, g_enc, la, x[:INVERT_FACES], INVERT_STEPS)
        arrays[f"{kind}_codes"] = codes
        arrays[f"{kind}_images"] = imgs[[0, INVERT_STEPS - 1]]
        arrays[f"{kind}_avg_image"] = avg
        encoders[kind] = {"file": f"models/synthetic-faces-64/restyle_{kind}.pt", "sha256": sha256(path),
                          "encoder_type": o["encoder_type"], "ir_se_stages": o["ir_se_stages"],
                          "trained_steps": o.get("trained_steps")}
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
        "encoders": encoders, "inversion": {"faces": f"attr_inputs[0:{INVERT_FACES}]", "steps": INVERT_STEPS,
                                            "images": "steps 1 and 5", "start": "latent_avg and G(latent_avg)",
                                            "noise": "stored (randomize_noise=False)"},
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
""" + "".join(f"""| `{k}_codes.npy` | {shapes[k + '_codes']} | {k}: W+ codes of a {INVERT_STEPS}-step ReStyle inversion of renders 0 and 1 (start: latent_avg, G(latent_avg); stored noise) |
| `{k}_images.npy` | {shapes[k + '_images']} | {k}: reconstructions of steps 1 and {INVERT_STEPS} (not clamped) |
| `{k}_avg_image.npy` | {shapes[k + '_avg_image']} | {k}: the average image G(latent_avg) |
""" for k in encoders) + f"""

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
