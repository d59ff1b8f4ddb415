"""Golden fixture of a toy synthetic-faces-64 model for Tests/InversionTests/ToyModelLoadingTests.swift (issue 7).

    python3 training/make_toy_fixture.py Tests/Fixtures [--from WORK]

--from WORK (a `scripts/train-shipped-model --preset toy --work WORK` run) first copies WORK/model/restyle_e4e.pt,
WORK/model/attributes.pt and the first held-out render (WORK/heldout/png/000000.png -> face.png) into
OUT/toy-model/. Without it the committed files are used, so the goldens can be regenerated from the repo alone.

The goldens come from the repo's PyTorch reference modules (scripts/fixtures/reference: grouped-conv generator,
IR-SE encoder, ReStyle loop), CPU, float32, one thread, deterministic, weights widened from the checkpoint's
float16 storage exactly as the Swift loader widens them. OUT/toy-model/toy_e4e.golden holds:
  z [2, D], w [2, D] (mapping), generated [2, 3, 64, 64] (G(w) on every row, stored noise),
  avg_image [1, 3, 64, 64] (pool(G(latent_avg)) = G(latent_avg) at 64 px), x [1, 3, 64, 64] (face.png, k/255*2-1),
  codes [5, 10, D] (W+ after each ReStyle step), images_first / images_last [3, 64, 64] (steps 1 and 5),
  attributes_raw [1, 12] (attributes.pt raw outputs for x; for a future Swift attribute-network test).
"""
import argparse
import os
import shutil
import sys

import numpy as np
import torch
from PIL import Image

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
sys.path.insert(0, os.path.join(os.path.dirname(HERE), "scripts", "fixtures"))
from golden import write_golden  # noqa: E402
from networks import Encoder, load_attribute_net, make_generator  # noqa: E402
from reference.restyle import ReStyleModel, invert  # noqa: E402
from reference.stylegan2 import make_deterministic  # noqa: E402

SEED = 7


def widen(sd):
    return {k: (v.float() if v.is_floating_point() else v) for k, v in sd.items()}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("out", help="Tests/Fixtures")
    ap.add_argument("--from", dest="work")
    args = ap.parse_args()
    torch.set_num_threads(1)
    make_deterministic()
    d = os.path.join(args.out, "toy-model")
    os.makedirs(d, exist_ok=True)
    if args.work:
        shutil.copy2(os.path.join(args.work, "model", "restyle_e4e.pt"), d)
        shutil.copy2(os.path.join(args.work, "model", "attributes.pt"), d)
        shutil.copy2(os.path.join(args.work, "heldout", "png", "000000.png"), os.path.join(d, "face.png"))
    ck = torch.load(os.path.join(d, "restyle_e4e.pt"), map_location="cpu", weights_only=True)
    sd, opts = widen(ck["state_dict"]), ck["opts"]
    dec = {k[len("decoder."):]: v for k, v in sd.items() if k.startswith("decoder.")}
    enc_sd = {k[len("encoder."):]: v for k, v in sd.items() if k.startswith("encoder.")}
    style_dim = dec["style.1.weight"].shape[0]
    n_mlp = sum(1 for k in dec if k.startswith("style.") and k.endswith(".weight"))
    g = make_generator(64, style_dim, n_mlp, dec["input.input"].shape[1])
    g.load_state_dict(dec)
    stages = [tuple(s) for s in opts["ir_se_stages"]]
    enc = Encoder("ir_se", g.n_latent, style_dim, 64 // 2 ** len(stages), True, stages=stages)
    enc.load_state_dict(enc_sd)
    g.eval(); enc.eval()
    latent_avg = ck["latent_avg"].float()
    x = torch.from_numpy(np.array(Image.open(os.path.join(d, "face.png")).convert("RGB"))).permute(2, 0, 1)[None]
    x = x.float() / 255.0 * 2.0 - 1.0
    with torch.no_grad():
        z = torch.randn(2, style_dim, generator=torch.Generator().manual_seed(SEED))
        w = g.mapping(z)
        generated = g([w], input_is_latent=True, randomize_noise=False)
        model = ReStyleModel(enc, g, latent_avg, opts, 64)
        run = invert(model, x, steps=5)
        attr, _ = load_attribute_net(os.path.join(d, "attributes.pt"))
        attr_raw = attr(x)
    tensors = {"z": z, "w": w, "generated": generated, "avg_image": run["start_image"], "x": x,
               "codes": run["codes"][:, 0], "images_first": run["images"][0, 0], "images_last": run["images"][4, 0],
               "attributes_raw": attr_raw}
    write_golden(os.path.join(d, "toy_e4e.golden"), tensors, script="training/make_toy_fixture.py", seed=SEED,
                 notes="toy synthetic-faces-64 e4e (float16 storage widened), reference modules, CPU float32")
    total = sum(os.path.getsize(os.path.join(d, f)) for f in os.listdir(d))
    print(f"make_toy_fixture: {d}: " + ", ".join(f"{f} {os.path.getsize(os.path.join(d, f)) / 1024:.0f} KB"
                                                 for f in sorted(os.listdir(d))) + f"; total {total / 2 ** 20:.2f} MB")
    print(f"make_toy_fixture: |codes| max {float(run['codes'].abs().max()):.3f}, |image| max "
          f"{float(run['images'].abs().max()):.3f}, step MSE " +
          " ".join(f"{float(((run['images'][i] - x) ** 2).mean()):.4f}" for i in range(5)))


if __name__ == "__main__":
    main()
