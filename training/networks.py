"""Networks and helpers shared by the training scripts (issue 7).

The generator and the encoders ARE the repo's PyTorch reference modules (scripts/fixtures/reference/), so their
state_dict keys and shapes are exactly the official layout the Swift loaders read ([1, O, C, k, k] conv weights,
`modulation.*`, `noises.noise_L` and K4 blur buffers, IR-SE `input_layer/body/styles`). Only the generator's
*training forward* differs: `synthesize` computes the same function with the modulation applied to the
activations before one shared-weight conv and the demodulation as an output scale (training-notes.md: no grouped
per-sample convs), on any device, with per-sample random noise. `check_fast_forward()` proves it equals the
reference forward.

Own networks (not part of any exported ReStyle checkpoint): `Discriminator` (residual, equalized lr, minibatch
stddev), `LatentDiscriminator` (e4e's W-space critic, an MLP) and `AttributeNet` (conv/BN/ReLU/max-pool/linear only,
the ops TensorCore has).
"""
import math
import os
import random
import sys

import torch
import torch.nn as nn
import torch.nn.functional as F

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(REPO, "scripts", "fixtures"))
from reference.stylegan2 import Generator, ModulatedConv2d, blur_kernel_k4  # noqa: E402,F401
from reference.encoders import Encoder  # noqa: E402,F401


def pick_device(name="auto"):
    if name == "auto":
        return torch.device("cuda" if torch.cuda.is_available() else "cpu")
    return torch.device(name)


def seed_all(seed):
    random.seed(seed)
    torch.manual_seed(seed)


def autocast(device, enabled=True):
    """bf16 autocast on CUDA or CPU (when enabled; on CPU it pays off with AVX512-BF16/AMX, training-notes.md),
    a no-op context elsewhere."""
    if device.type not in ("cuda", "cpu"):
        enabled = False
    return torch.autocast(device.type if device.type in ("cuda", "cpu") else "cpu", dtype=torch.bfloat16,
                          enabled=enabled)


def to_unit(images_uint8):
    """uint8 [N, H, W, 3] (NumPy) -> float32 [N, 3, H, W] in [-1, 1] (k / 255 * 2 - 1, as the Swift loader)."""
    x = torch.from_numpy(images_uint8).permute(0, 3, 1, 2).float()
    return x / 255.0 * 2.0 - 1.0


# ---------------------------------------------------------------------------------------------
# Generator: reference module, training-friendly forward
# ---------------------------------------------------------------------------------------------

def generator_channels(width):
    """Channels per resolution of the 64 px generator. width: an int (the same at 4..64 px) or a profile
    "c4,c8,c16,c32,c64" (e.g. wide at 4-16 px, narrow at 64 px, as the official configs). The exported state
    dict is the official layout either way (per-resolution shapes; the Swift loader infers them)."""
    if isinstance(width, str):
        parts = [int(v) for v in width.split(",")]
        if len(parts) == 1:
            parts *= 5
        assert len(parts) == 5, f"width profile needs 5 values (4, 8, 16, 32, 64 px): {width}"
        return dict(zip((4, 8, 16, 32, 64), parts))
    return {r: width for r in (4, 8, 16, 32, 64)}


def make_generator(size=64, style_dim=256, n_mlp=8, width=128):
    return Generator(size, style_dim, n_mlp, generator_channels(width))


def _depthwise(x, kernel, pad):
    """upfirdn2d(x, K, pad=(p0, p1)) with up = down = 1 as one depthwise conv (K4 is symmetric: no flip needed,
    but flip anyway to keep the true-convolution meaning)."""
    c = x.shape[1]
    p0, p1 = pad
    k = torch.flip(kernel, [0, 1]).to(x.dtype)[None, None].expand(c, 1, *kernel.shape)
    return F.conv2d(F.pad(x, [p0, p1, p0, p1]), k, groups=c)


def _upsample2(x, kernel):
    """upfirdn2d(x, K4, up=2, pad=(2, 1)): zero insertion, then the depthwise blur. [N,C,H,W] -> [N,C,2H,2W]."""
    n, c, h, w = x.shape
    z = x.new_zeros(n, c, 2 * h, 2 * w)
    z[:, :, ::2, ::2] = x
    return _depthwise(z, kernel, (2, 1))


def modconv(mc, x, style):
    """Same function as ModulatedConv2d.forward: x * s, one shared-weight conv, output * demodulation.
    x: [N, C, H, W], style: [N, D] -> [N, O, H', W']."""
    s = mc.modulation(style)                                     # [N, C]
    w = mc.weight[0] * mc.scale                                  # [O, C, k, k]
    xs = x * s[:, :, None, None].to(x.dtype)
    if mc.upsample:
        t = F.conv_transpose2d(xs, w.transpose(0, 1).to(x.dtype), stride=2)   # [N, O, 2H+1, 2W+1]
        out = _depthwise(t, mc.blur.kernel, (1, 1))              # [N, O, 2H, 2W]
    else:
        out = F.conv2d(xs, w.to(x.dtype), padding=mc.kernel_size // 2)
    if mc.demodulate:
        d = torch.rsqrt((s * s) @ w.pow(2).sum(dim=[2, 3]).t() + 1e-8)   # [N, O]
        out = out * d[:, :, None, None].to(out.dtype)
    return out


def _styled(layer, x, style, noise):
    out = modconv(layer.conv, x, style)
    out = out + layer.noise.weight * noise
    return F.leaky_relu(out + layer.activate.bias[None, :, None, None], 0.2) * math.sqrt(2.0)


def _to_rgb(layer, x, style, skip):
    out = modconv(layer.conv, x, style) + layer.bias
    if skip is not None:
        out = out + _upsample2(skip, layer.upsample.kernel)
    return out


def synthesize(g, latent, noise="random"):
    """g: reference Generator; latent: [N, n_latent, D] W+ -> image [N, 3, S, S].
    noise: "random" (fresh per sample, training) or "const" (the stored noise buffers, as ReStyle inference)."""
    n = latent.shape[0]

    def nz(i, r):
        if noise == "const":
            return getattr(g.noises, f"noise_{i}")
        return torch.randn(n, 1, r, r, device=latent.device, dtype=latent.dtype)

    out = g.input.input.expand(n, -1, -1, -1)
    out = _styled(g.conv1, out, latent[:, 0], nz(0, 4))
    skip = _to_rgb(g.to_rgb1, out, latent[:, 1], None)
    i = 1
    for k in range(g.log_size - 2):
        r = 2 ** (k + 3)
        out = _styled(g.convs[2 * k], out, latent[:, i], nz(2 * k + 1, r))
        out = _styled(g.convs[2 * k + 1], out, latent[:, i + 1], nz(2 * k + 2, r))
        skip = _to_rgb(g.to_rgbs[k], out, latent[:, i + 2], skip)
        i += 2
    return skip


def sample_latent(g, n, device, mixing=0.9):
    """z ~ N(0, I) mapped to W, with style mixing (prob `mixing`): [N, n_latent, D]."""
    z = torch.randn(2, n, g.style_dim, device=device)
    w = g.style(z.reshape(2 * n, -1)).reshape(2, n, -1)
    lat = w[0][:, None].repeat(1, g.n_latent, 1)
    if mixing > 0 and random.random() < mixing:
        cut = random.randint(1, g.n_latent - 1)
        lat[:, cut:] = w[1][:, None]
    return lat


@torch.no_grad()
def mean_w(g, n=10000, device="cpu", chunk=2000):
    total = torch.zeros(g.style_dim, device=device)
    for lo in range(0, n, chunk):
        m = min(chunk, n - lo)
        total += g.style(torch.randn(m, g.style_dim, device=device)).sum(0)
    return total / n


@torch.no_grad()
def check_fast_forward(verbose=True):
    """`synthesize(..., noise="const")` == the reference forward (float64, random weights)."""
    g = make_generator(64, 16, 2, 12).double()
    for name, p in g.named_parameters():
        if name.endswith("noise.weight") or name.endswith("activate.bias") or name.endswith("modulation.bias"):
            p.add_(0.3 * torch.randn_like(p))
    lat = torch.randn(2, g.n_latent, 16, dtype=torch.float64)
    ref = g([lat], input_is_latent=True, randomize_noise=False)
    got = synthesize(g, lat, noise="const")
    err = float((ref - got).abs().max())
    assert err < 1e-10, err
    if verbose:
        print(f"check_fast_forward: shared-weight modulation vs reference grouped conv: max |diff| {err:.1e}: OK")
    return err


# ---------------------------------------------------------------------------------------------
# Discriminators
# ---------------------------------------------------------------------------------------------

class EqConv(nn.Module):
    """Conv with equalized learning rate (weights N(0, 1), scaled by 1/sqrt(fan_in) at run time)."""

    def __init__(self, cin, cout, k, stride=1, bias=True):
        super().__init__()
        self.weight = nn.Parameter(torch.randn(cout, cin, k, k))
        self.bias = nn.Parameter(torch.zeros(cout)) if bias else None
        self.scale, self.stride, self.pad = 1 / math.sqrt(cin * k * k), stride, k // 2

    def forward(self, x):
        return F.conv2d(x, self.weight * self.scale, self.bias, self.stride, self.pad)


class EqLinear(nn.Module):
    def __init__(self, cin, cout):
        super().__init__()
        self.weight = nn.Parameter(torch.randn(cout, cin))
        self.bias = nn.Parameter(torch.zeros(cout))
        self.scale = 1 / math.sqrt(cin)

    def forward(self, x):
        return F.linear(x, self.weight * self.scale, self.bias)


def lrelu(x):
    return F.leaky_relu(x, 0.2) * math.sqrt(2.0)


class DBlock(nn.Module):
    """Residual: (conv3x3, lrelu, conv3x3, lrelu, avg-pool 2) + (avg-pool 2, 1x1 conv), / sqrt 2."""

    def __init__(self, cin, cout):
        super().__init__()
        self.c1, self.c2 = EqConv(cin, cin, 3), EqConv(cin, cout, 3)
        self.skip = EqConv(cin, cout, 1, bias=False)

    def forward(self, x):
        y = F.avg_pool2d(lrelu(self.c2(lrelu(self.c1(x)))), 2)
        return (y + self.skip(F.avg_pool2d(x, 2))) / math.sqrt(2.0)


class Discriminator(nn.Module):
    """64 px image critic: from-RGB 1x1, residual blocks 64 -> 4, minibatch stddev (groups of 4), conv, 2 linears."""

    def __init__(self, width=128, size=64):
        super().__init__()
        # width: an int, or a profile "c64,c32,c16,c8,c4" (feature channels at each resolution, input side first)
        res = []
        r = size
        while r >= 4:
            res.append(r)
            r //= 2
        if isinstance(width, str):
            parts = [int(v) for v in width.split(",")]
            parts = parts * len(res) if len(parts) == 1 else parts
            assert len(parts) == len(res), f"discriminator profile needs {len(res)} values: {width}"
        else:
            parts = [width] * len(res)
        self.rgb = EqConv(3, parts[0], 1)
        self.blocks = nn.Sequential(*[DBlock(parts[i], parts[i + 1]) for i in range(len(res) - 1)])
        c4 = parts[-1]
        self.conv = EqConv(c4 + 1, c4, 3)
        self.fc = EqLinear(c4 * 16, c4)
        self.out = EqLinear(c4, 1)

    def forward(self, x):
        x = self.blocks(lrelu(self.rgb(x)))
        n, c, h, w = x.shape
        g = math.gcd(n, 4)
        y = x.float().reshape(g, -1, c, h, w)
        y = (y.var(0, unbiased=False) + 1e-8).sqrt().mean(dim=[1, 2, 3])       # [n/g]
        y = y.repeat(g).reshape(n, 1, 1, 1).expand(n, 1, h, w).to(x.dtype)
        x = lrelu(self.conv(torch.cat([x, y], 1)))
        return self.out(lrelu(self.fc(x.reshape(n, -1)))).squeeze(1)


class LatentDiscriminator(nn.Module):
    """e4e's W critic: MLP D -> width x (layers - 1) -> 1, LeakyReLU 0.2."""

    def __init__(self, style_dim, width=256, layers=4):
        super().__init__()
        mods, cin = [], style_dim
        for _ in range(layers - 1):
            mods += [nn.Linear(cin, width), nn.LeakyReLU(0.2)]
            cin = width
        mods.append(nn.Linear(cin, 1))
        self.net = nn.Sequential(*mods)

    def forward(self, w):
        return self.net(w).squeeze(-1)


# ---------------------------------------------------------------------------------------------
# Attribute network
# ---------------------------------------------------------------------------------------------

class AttributeNet(nn.Module):
    """x [N, 3, 64, 64] in [-1, 1] -> [N, outputs] (normalised regressions; glasses as a logit).

    features = per stage: convs_per_stage x (conv3x3 pad 1 with bias, BatchNorm2d, ReLU), then MaxPool2d(2);
    head = global average pool, Linear(width, hidden), ReLU, Linear(hidden, outputs).
    Keys: features.<i>.{weight,bias} (convs), features.<i>.{weight,bias,running_*,num_batches_tracked} (BNs),
    head.2.{weight,bias}, head.4.{weight,bias} (plain nn.Sequential indices; pool, flatten and ReLU have no keys)."""

    def __init__(self, outputs, widths=(32, 64, 128, 128), convs_per_stage=2, hidden=128):
        super().__init__()
        layers, cin = [], 3
        self.stage_ends = []
        for w in widths:
            for _ in range(convs_per_stage):
                layers += [nn.Conv2d(cin, w, 3, 1, 1), nn.BatchNorm2d(w), nn.ReLU()]
                cin = w
            layers.append(nn.MaxPool2d(2))
            self.stage_ends.append(len(layers) - 1)
        self.features = nn.Sequential(*layers)
        self.head = nn.Sequential(nn.AdaptiveAvgPool2d(1), nn.Flatten(), nn.Linear(cin, hidden), nn.ReLU(),
                                  nn.Linear(hidden, outputs))

    def forward(self, x, return_features=False):
        feats = []
        for i, layer in enumerate(self.features):
            x = layer(x)
            if i in self.stage_ends:
                feats.append(x)
        out = self.head(x)
        return (out, feats) if return_features else out


def load_attribute_net(path, device="cpu"):
    """(AttributeNet in eval mode, config dict) from attributes.pt."""
    ck = torch.load(path, map_location="cpu", weights_only=True)
    cfg = ck["config"]
    net = AttributeNet(len(cfg["outputs"]), tuple(cfg["widths"]), cfg["convs_per_stage"], cfg["hidden"])
    net.load_state_dict({k: v.float() if v.is_floating_point() else v for k, v in ck["state_dict"].items()})
    return net.to(device).eval(), cfg


def attribute_scores(net, cfg, x):
    """Denormalised attribute predictions {name: [N]} for images x [N, 3, 64, 64] in [-1, 1]
    (glasses: probability)."""
    out = net(x)
    res = {}
    for j, (name, kind) in enumerate(zip(cfg["outputs"], cfg["kinds"])):
        if kind == "binary":
            res[name] = torch.sigmoid(out[:, j])
        else:
            res[name] = out[:, j] * cfg["std"][j] + cfg["mean"][j]
    return res


if __name__ == "__main__":
    torch.set_num_threads(1)
    check_fast_forward()
