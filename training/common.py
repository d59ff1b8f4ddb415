"""Small helpers shared by the training scripts: checkpoint files, image grids, timing."""
import json
import os
import time

import numpy as np
import torch
from PIL import Image


def save_atomic(obj, path):
    """torch.save to path + '.tmp', then rename (a killed run never leaves a torn checkpoint)."""
    os.makedirs(os.path.dirname(os.path.abspath(path)), exist_ok=True)
    tmp = path + ".tmp"
    torch.save(obj, tmp)
    os.replace(tmp, path)


def to_uint8(x):
    """[N, 3, H, W] in [-1, 1] -> uint8 [N, H, W, 3] (tensor2im: clamp((v+1)/2)*255, truncated)."""
    x = ((x.detach().float().cpu().clamp(-1, 1) + 1) / 2 * 255).to(torch.uint8)
    return x.permute(0, 2, 3, 1).numpy()


def save_grid(images, path, cols=8, zoom=1):
    """images: list/array of uint8 [H, W, 3] -> one PNG grid."""
    images = np.asarray(images)
    n, h, w, _ = images.shape
    rows = (n + cols - 1) // cols
    grid = np.full((rows * h, cols * w, 3), 255, np.uint8)
    for i in range(n):
        r, c = divmod(i, cols)
        grid[r * h:(r + 1) * h, c * w:(c + 1) * w] = images[i]
    im = Image.fromarray(grid)
    if zoom != 1:
        im = im.resize((im.width * zoom, im.height * zoom), Image.NEAREST)
    os.makedirs(os.path.dirname(os.path.abspath(path)), exist_ok=True)
    im.save(path)


def half_state_dict(sd):
    """float32 tensors -> float16 (storage halving; the Swift loader widens them); others unchanged."""
    return type(sd)((k, v.half() if v.dtype == torch.float32 else v) for k, v in sd.items())


def append_log(path, record):
    with open(path, "a") as f:
        f.write(json.dumps(record) + "\n")


class Timer:
    def __init__(self):
        self.t0 = time.time()

    def elapsed(self):
        return time.time() - self.t0
