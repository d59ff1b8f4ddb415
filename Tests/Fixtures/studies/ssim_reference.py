"""Reference SSIM values for StudiesTests/ImageMetricsTests.testSSIMIsOneForIdenticalAndMatchesReference
(run: python3 Tests/Fixtures/studies/ssim_reference.py).

An independent implementation of skimage's structural_similarity(gaussian_weights=True, sigma=1.5,
use_sample_covariance=False, data_range=1) with SciPy: filter every statistic with the 11x11 Gaussian
(scipy.ndimage.correlate, reflect mode), then crop (11-1)/2 pixels from each border (the valid windows),
mean per channel, then over channels. The images are formulas the Swift test rebuilds exactly.
"""
import numpy as np
from scipy import ndimage

def images(h, w):
    y, x = np.meshgrid(np.arange(h, dtype=np.float64), np.arange(w, dtype=np.float64), indexing="ij")
    a = np.stack([np.sin(0.3 * x + 0.7 * y + c) for c in range(3)])                      # [3, H, W] in [-1, 1]
    b = np.clip(a + 0.25 * np.stack([np.cos(0.5 * x - 0.2 * y * (c + 1)) for c in range(3)]), -1, 1)
    return a.astype(np.float32).astype(np.float64), b.astype(np.float32).astype(np.float64)

def ssim(a, b):
    a = np.clip((a + 1) / 2, 0, 1); b = np.clip((b + 1) / 2, 0, 1)
    g = np.exp(-((np.arange(11) - 5.0) ** 2) / (2 * 1.5 ** 2)); g /= g.sum()
    win = np.outer(g, g)
    c1, c2, pad = 0.01 ** 2, 0.03 ** 2, 5
    out = []
    for p, q in zip(a, b):
        f = lambda t: ndimage.correlate(t, win, mode="reflect")
        mx, my = f(p), f(q)
        vx, vy, cxy = f(p * p) - mx * mx, f(q * q) - my * my, f(p * q) - mx * my
        s = ((2 * mx * my + c1) * (2 * cxy + c2)) / ((mx * mx + my * my + c1) * (vx + vy + c2))
        out.append(s[pad:-pad, pad:-pad].mean())
    return float(np.mean(out))

for h, w in [(16, 16), (24, 20)]:
    a, b = images(h, w)
    print(f"{h}x{w}: ssim {ssim(a, b):.10f}")
