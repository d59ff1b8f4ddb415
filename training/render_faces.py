"""Procedural face renderer: the synthetic-faces-64 training data (issue 7).

Every face is drawn with Pillow at RENDER px (4x supersampling), shaded with NumPy and downsampled to SIZE px with
an antialiasing (Lanczos) filter. Ten labelled attributes are drawn independently per face (uniform, or Bernoulli
for glasses); extra unlabelled nuisances (position/scale jitter, nose/mouth/brow shape, iris and shirt colour,
background gradient) make every face different.

Labels (name, range):
    smile        [-1, 1]  mouth curvature (frown .. smile); open mouth above 0.5
    eye_open     [0, 1]   eyelid opening (closed .. wide)
    yaw          [-1, 1]  head turn (features shift, far eye/ear shrink; + = towards the viewer's right)
    face_width   [0, 1]   face ellipse half width, 0.23 .. 0.31 of the image width
    skin_tone    [0, 1]   light .. dark along a skin palette
    hair_colour  [0, 1]   black .. brown .. auburn .. blonde .. platinum
    hair_length  [0, 1]   cropped .. shoulder length
    glasses      {0, 1}   round glasses on/off (p = 0.35)
    background_r/g/b [0,1] background colour (RGB of its centre; random hue, saturation, value)
    light        [-1, 1]  horizontal lighting direction (lit from the viewer's left .. right)

CLI:  python3 training/render_faces.py --count N --out DIR --seed S [--png K] [--sheet sheet.png] [--workers W]
writes DIR/faces.npz (images uint8 [N, 64, 64, 3], one float32 [N] array per label, names, seed),
DIR/labels.csv and, with --png K, DIR/png/000000.png ... for the first K faces; --sheet writes an 8x8 contact
sheet of the first 64 faces (upscaled x2) with smile/yaw/glasses printed under each.
Face i depends only on (seed, i): any worker count gives the same data set.
"""
import argparse
import colorsys
import csv
import math
import os
from multiprocessing import Pool

import numpy as np
from PIL import Image, ImageDraw

SIZE = 64
RENDER = 256
LABELS = ["smile", "eye_open", "yaw", "face_width", "skin_tone", "hair_colour", "hair_length", "glasses",
          "background_r", "background_g", "background_b", "light"]

SKIN = np.array([[255, 224, 196], [241, 194, 153], [224, 172, 125], [198, 134, 90], [141, 85, 54], [88, 54, 36]],
                np.float64)
HAIR = np.array([[22, 18, 16], [70, 44, 28], [132, 62, 30], [196, 150, 86], [236, 222, 176]], np.float64)


def palette(table, t):
    """Piecewise-linear colour along `table` rows at t in [0, 1] -> (r, g, b) floats."""
    x = float(np.clip(t, 0, 1)) * (len(table) - 1)
    i = min(int(x), len(table) - 2)
    return table[i] * (1 - (x - i)) + table[i + 1] * (x - i)


def rgb(c):
    return tuple(int(round(float(v))) for v in np.clip(c, 0, 255))


def sample_attributes(rng):
    """The labelled attributes (dict of floats) and the unlabelled nuisances of one face."""
    hue, sat, val = rng.random(), rng.uniform(0.15, 0.75), rng.uniform(0.35, 0.95)
    bg = colorsys.hsv_to_rgb(hue, sat, val)
    a = {"smile": rng.uniform(-1, 1), "eye_open": rng.uniform(0, 1), "yaw": rng.uniform(-1, 1),
         "face_width": rng.uniform(0, 1), "skin_tone": rng.uniform(0, 1), "hair_colour": rng.uniform(0, 1),
         "hair_length": rng.uniform(0, 1), "glasses": float(rng.random() < 0.35),
         "background_r": bg[0], "background_g": bg[1], "background_b": bg[2], "light": rng.uniform(-1, 1)}
    n = {"cx": rng.normal(0, 5), "cy": rng.normal(0, 5), "scale": rng.uniform(0.93, 1.07),
         "bg_grad": rng.uniform(-0.18, 0.18), "nose_len": rng.uniform(0.7, 1.3), "nose_w": rng.uniform(0.7, 1.3),
         "mouth_w": rng.uniform(0.8, 1.25), "brow_t": rng.uniform(0.6, 1.5), "brow_h": rng.uniform(-4, 4),
         "brow_tilt": rng.uniform(-0.15, 0.15), "iris": colorsys.hsv_to_rgb(rng.uniform(0.05, 0.6), rng.uniform(0.3, 0.8),
                                                                          rng.uniform(0.25, 0.6)),
         "shirt": colorsys.hsv_to_rgb(rng.random(), rng.uniform(0.2, 0.8), rng.uniform(0.2, 0.9)),
         "eye_sep": rng.uniform(0.9, 1.1), "eye_h": rng.uniform(-4, 4), "fringe": rng.uniform(0.0, 1.0),
         "lip": rng.uniform(0.0, 1.0), "glasses_tint": rng.uniform(0, 1), "chin": rng.uniform(0.95, 1.08)}
    return a, n


def quad_curve(x0, x1, y, depth, steps=24):
    """Points of y + depth * (1 - u^2) over x0..x1 (u in [-1, 1]): depth > 0 bends down (screen y)."""
    pts = []
    for k in range(steps + 1):
        u = -1 + 2 * k / steps
        pts.append((x0 + (x1 - x0) * (u + 1) / 2, y + depth * (1 - u * u)))
    return pts


def render(a, n):
    """One face at RENDER px -> uint8 [SIZE, SIZE, 3]."""
    S = RENDER
    s = n["scale"]
    bg = np.array([a["background_r"], a["background_g"], a["background_b"]]) * 255
    skin = palette(SKIN, a["skin_tone"])
    hair = palette(HAIR, a["hair_colour"])
    shirt = np.array(n["shirt"]) * 255
    yaw = a["yaw"]

    img = Image.new("RGB", (S, S), rgb(bg))
    fg = Image.new("L", (S, S), 0)                    # everything but the background (for the lighting)
    d, m = ImageDraw.Draw(img), ImageDraw.Draw(fg)

    def both(method, *args, fill, **kw):
        getattr(d, method)(*args, fill=rgb(fill) if fill is not None else None, **kw)
        getattr(m, method)(*args, fill=255 if fill is not None else None, **{k: v for k, v in kw.items() if k != "outline"})

    cx, cy = S / 2 + n["cx"], S * 0.47 + n["cy"]
    fw = S * (0.23 + 0.08 * a["face_width"]) * s * (1 - 0.10 * abs(yaw))
    fh = S * 0.30 * s * n["chin"]
    dx = yaw * fw * 0.42                               # feature shift
    hair_dark = hair * 0.8

    # Long hair behind the head and shoulders.
    L = a["hair_length"]
    if L > 0.25:
        bottom = cy + fh * (0.2 + 1.8 * (L - 0.25) / 0.75)
        both("rounded_rectangle", [cx - fw * 1.22 - dx * 0.3, cy - fh * 1.05, cx + fw * 1.22 - dx * 0.3, bottom],
             radius=fw * 0.9, fill=hair_dark)
    # Neck and shoulders.
    both("rectangle", [cx - fw * 0.38 + dx * 0.2, cy + fh * 0.6, cx + fw * 0.38 + dx * 0.2, cy + fh * 1.35], fill=skin * 0.88)
    both("ellipse", [cx - fw * 2.0, cy + fh * 1.22, cx + fw * 2.0, cy + fh * 2.6], fill=shirt)
    if L > 0.25:  # hair falling over the shoulders, in front of the shirt
        bottom = cy + fh * (0.2 + 1.8 * (L - 0.25) / 0.75)
        for side in (-1, 1):
            x0 = cx + side * fw * 0.95 - dx * 0.3
            both("rounded_rectangle", [min(x0, x0 + side * fw * 0.3), cy - fh * 0.2, max(x0, x0 + side * fw * 0.3), bottom],
                 radius=fw * 0.15, fill=hair_dark)
    # Ears (the far ear shrinks as the head turns).
    for side in (-1, 1):
        vis = float(np.clip(1 - side * yaw * 1.1, 0.0, 1.0))  # side -1 = viewer's left ear; yaw > 0 hides the right one
        if vis > 0.05:
            ex = cx + side * fw * 0.98 + dx * 0.15
            ew = fw * 0.16 * vis
            both("ellipse", [ex - ew, cy - fh * 0.12, ex + ew, cy + fh * 0.22], fill=skin * 0.92)
    # Face.
    both("ellipse", [cx - fw + dx * 0.12, cy - fh, cx + fw + dx * 0.12, cy + fh], fill=skin)
    # Hair on top: a cap (chord of an ellipse) plus fringe.
    top = cy - fh * 1.08
    cap_h = fh * (0.55 + 0.25 * n["fringe"])
    hx = cx - dx * 0.25
    both("chord", [hx - fw * 1.08, top, hx + fw * 1.08, top + 2 * cap_h], 180, 360, fill=hair)
    fr = n["fringe"]
    both("pieslice", [hx - fw * 1.05, top + cap_h * 0.3, hx + fw * (0.2 + 0.6 * fr), top + cap_h * (1.3 + 0.4 * fr)],
         180, 330, fill=hair)
    if L > 0.1:  # side locks covering the temples
        for side in (-1, 1):
            x0 = hx + side * fw * 1.02
            both("rounded_rectangle", [min(x0, x0 - side * fw * 0.16), top + cap_h * 0.6, max(x0, x0 - side * fw * 0.16),
                                        cy + fh * (0.1 + 0.5 * min(L, 1))], radius=fw * 0.08, fill=hair)

    # Eyes.
    eye_y = cy - fh * 0.08 + n["eye_h"] * s
    sep = fw * 0.42 * n["eye_sep"] * (1 - 0.25 * abs(yaw))
    ew0, eh0 = fw * 0.17, fh * 0.085
    eye_centres = []
    for side in (-1, 1):
        shrink = 1 - 0.35 * max(0.0, side * yaw)        # the eye on the side the head turns towards shrinks
        ex = cx + dx + side * sep * (1 - 0.15 * side * yaw)
        ew = ew0 * shrink
        eye_centres.append((ex, ew))
        oh = eh0 * (0.08 + 0.92 * a["eye_open"])
        d.ellipse([ex - ew, eye_y - oh, ex + ew, eye_y + oh], fill=(245, 245, 240))
        ir = min(eh0 * 0.85, ew * 0.55)
        ix = ex + yaw * ew * 0.35
        d.ellipse([ix - ir, eye_y - ir, ix + ir, eye_y + ir], fill=rgb(np.array(n["iris"]) * 255))
        d.ellipse([ix - ir * 0.45, eye_y - ir * 0.45, ix + ir * 0.45, eye_y + ir * 0.45], fill=(15, 12, 12))
        # Eyelids: skin above and below the opening.
        d.rectangle([ex - ew - 2, eye_y - eh0 * 2.2, ex + ew + 2, eye_y - oh], fill=rgb(skin))
        d.rectangle([ex - ew - 2, eye_y + oh, ex + ew + 2, eye_y + eh0 * 2.0], fill=rgb(skin))
        d.line([(ex - ew, eye_y - oh), (ex + ew, eye_y - oh)], fill=rgb(skin * 0.45), width=max(2, int(3 * s)))
        # Eyebrow.
        by = eye_y - eh0 * 2.4 + n["brow_h"] - (a["eye_open"] - 0.5) * 4
        t = n["brow_tilt"] * side
        d.line([(ex - ew * 1.1, by + t * ew), (ex + ew * 1.1, by - t * ew)], fill=rgb(hair * 0.75),
               width=max(2, int(5 * n["brow_t"] * s)))
    # Nose.
    nose_top, nose_tip = eye_y + fh * 0.05, eye_y + fh * 0.34 * n["nose_len"]
    nx = cx + dx * 1.25
    nw = fw * 0.12 * n["nose_w"]
    d.polygon([(nx - yaw * fw * 0.05, nose_top), (nx + yaw * fw * 0.10 + nw * (1 + 0.5 * yaw), nose_tip),
               (nx - nw * (1 - 0.5 * yaw), nose_tip)], fill=rgb(skin * 0.82))
    # Mouth: a quadratic arc; corners up for a smile, down for a frown; open and toothy above 0.5.
    my = cy + fh * 0.52
    mw = fw * 0.36 * n["mouth_w"] * (1 - 0.2 * abs(yaw))
    mx = cx + dx * 1.05
    depth = a["smile"] * fh * 0.16
    lip = rgb(np.array([150, 60, 60]) * (0.7 + 0.4 * n["lip"]) * 0.5 + skin * 0.5 * 0.8)
    if a["smile"] > 0.5:
        upper = quad_curve(mx - mw, mx + mw, my - depth * 0.35, depth * 0.3)
        lower = quad_curve(mx - mw, mx + mw, my - depth * 0.35, depth * 1.2)
        d.polygon(upper + lower[::-1], fill=(70, 20, 25))
        teeth = quad_curve(mx - mw * 0.8, mx + mw * 0.8, my - depth * 0.3, depth * 0.45)
        d.polygon(upper[3:-3] + teeth[::-1], fill=(240, 236, 228))
        d.line(lower, fill=lip, width=max(2, int(4 * s)))
    else:
        d.line(quad_curve(mx - mw, mx + mw, my - depth * 0.5, depth), fill=lip, width=max(3, int(6 * s)), joint="curve")
    # Glasses.
    if a["glasses"] > 0.5:
        frame = rgb(np.array([30, 30, 35]) + n["glasses_tint"] * np.array([90, 40, 10]))
        r = ew0 * 1.35
        for ex, ew in eye_centres:
            rx = r * ew / ew0
            d.ellipse([ex - rx, eye_y - r * 0.85, ex + rx, eye_y + r * 0.85], outline=frame, width=max(3, int(5 * s)))
        (x0, w0), (x1, w1) = eye_centres
        d.line([(x0 + r * w0 / ew0, eye_y - r * 0.2), (x1 - r * w1 / ew0, eye_y - r * 0.2)], fill=frame, width=max(3, int(4 * s)))
        for (ex, ew), side in zip(eye_centres, (-1, 1)):
            vis = float(np.clip(1 - side * yaw * 1.1, 0.0, 1.0))
            if vis > 0.2:
                d.line([(ex + side * r * ew / ew0, eye_y - r * 0.3), (cx + side * fw * 0.98 + dx * 0.12, eye_y - r * 0.1)],
                       fill=frame, width=max(3, int(4 * s)))

    # Lighting: a horizontal ramp and a soft highlight on the foreground; background vertical gradient.
    x = np.asarray(img, np.float64)
    mask = np.asarray(fg, np.float64)[..., None] / 255
    xs = (np.arange(S) - cx) / fw
    ys = (np.arange(S) - cy) / fh
    ramp = np.clip(1 - 0.32 * a["light"] * xs, 0.35, 1.45)[None, :, None]
    hl = np.exp(-((xs[None, :] + 0.55 * a["light"]) ** 2 + (ys[:, None] + 0.35) ** 2) / 0.25)[..., None]
    lit = x * ramp * (1 + 0.18 * hl)
    bgrad = 1 + n["bg_grad"] * (np.arange(S)[:, None, None] / S - 0.5) * 2
    out = mask * lit + (1 - mask) * x * bgrad
    big = Image.fromarray(np.clip(out, 0, 255).astype(np.uint8))
    return np.asarray(big.resize((SIZE, SIZE), Image.LANCZOS))


def face(seed, index):
    """Face `index` of data set `seed`: (uint8 [SIZE, SIZE, 3], labels dict)."""
    rng = np.random.default_rng([seed, index])
    a, n = sample_attributes(rng)
    return render(a, n), a


def _work(args):
    seed, lo, hi = args
    imgs, labs = [], []
    for i in range(lo, hi):
        im, a = face(seed, i)
        imgs.append(im)
        labs.append([a[k] for k in LABELS])
    return np.stack(imgs), np.array(labs, np.float32)


def render_set(count, seed, workers=1, chunk=512):
    """(images uint8 [count, SIZE, SIZE, 3], labels float32 [count, len(LABELS)])."""
    jobs = [(seed, lo, min(lo + chunk, count)) for lo in range(0, count, chunk)]
    if workers > 1:
        with Pool(workers) as p:
            parts = p.map(_work, jobs)
    else:
        parts = [_work(j) for j in jobs]
    return np.concatenate([p[0] for p in parts]), np.concatenate([p[1] for p in parts])


def render_set_resumable(count, seed, workers, parts_dir, time_limit, chunk=512):
    """render_set in chunks saved to parts_dir as they finish (existing ones are reused); None when time_limit
    seconds pass before every chunk exists (run again to continue), else the whole set."""
    import time
    t0 = time.time()
    os.makedirs(parts_dir, exist_ok=True)
    jobs = [(seed, lo, min(lo + chunk, count)) for lo in range(0, count, chunk)]

    def part(j):
        return os.path.join(parts_dir, f"part_{j[0]}_{j[1]:08d}_{j[2]:08d}.npz")

    todo = [j for j in jobs if not os.path.exists(part(j))]
    pool = Pool(workers) if workers > 1 and todo else None
    try:
        it = pool.imap(_work, todo) if pool else map(_work, todo)
        for j, (imgs, labs) in zip(todo, it):
            tmp = part(j) + ".tmp.npz"
            np.savez(tmp, images=imgs, labels=labs)
            os.replace(tmp, part(j))
            if time_limit and time.time() - t0 > time_limit and j is not todo[-1]:
                done = sum(os.path.exists(part(q)) for q in jobs)
                print(f"render_faces: time limit reached, {done}/{len(jobs)} chunks in {parts_dir}; run again")
                return None
    finally:
        if pool:
            pool.terminate()
    parts = [np.load(part(j)) for j in jobs]
    return np.concatenate([q["images"] for q in parts]), np.concatenate([q["labels"] for q in parts])


def contact_sheet(images, labels, path, cols=8, zoom=2):
    """cols x ceil(n/cols) grid of the faces (upscaled by `zoom`, nearest), smile/yaw/glasses under each."""
    from PIL import ImageFont  # noqa: F401  (default bitmap font)
    n = len(images)
    rows = (n + cols - 1) // cols
    cw, ch = SIZE * zoom, SIZE * zoom + 12
    sheet = Image.new("RGB", (cols * cw, rows * ch), (255, 255, 255))
    dr = ImageDraw.Draw(sheet)
    for i in range(n):
        r, c = divmod(i, cols)
        sheet.paste(Image.fromarray(images[i]).resize((cw, cw), Image.NEAREST), (c * cw, r * ch))
        if labels is not None:
            lab = dict(zip(LABELS, labels[i]))
            dr.text((c * cw + 2, r * ch + cw), f"s{lab['smile']:+.1f} y{lab['yaw']:+.1f} e{lab['eye_open']:.1f}"
                    + (" G" if lab["glasses"] > 0.5 else ""), fill=(0, 0, 0))
    sheet.save(path)


def save_set(out, images, labels, seed, png=0):
    os.makedirs(out, exist_ok=True)
    np.savez(os.path.join(out, "faces.npz"), images=images, names=np.array(LABELS), seed=np.int64(seed),
             **{k: labels[:, j] for j, k in enumerate(LABELS)})
    with open(os.path.join(out, "labels.csv"), "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["index"] + LABELS)
        for i, row in enumerate(labels):
            w.writerow([i] + [f"{v:.5f}" for v in row])
    if png:
        os.makedirs(os.path.join(out, "png"), exist_ok=True)
        for i in range(min(png, len(images))):
            Image.fromarray(images[i]).save(os.path.join(out, "png", f"{i:06d}.png"))


def load_set(path):
    """(images uint8 [N, 64, 64, 3], labels float32 [N, len(LABELS)]) from a faces.npz (or its folder)."""
    if os.path.isdir(path):
        path = os.path.join(path, "faces.npz")
    z = np.load(path)
    return z["images"], np.stack([z[k] for k in LABELS], axis=1).astype(np.float32)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--count", type=int, required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--png", type=int, default=0, help="also write the first K faces as PNG files")
    ap.add_argument("--sheet", help="write a contact sheet of the first 64 faces here")
    ap.add_argument("--workers", type=int, default=1)
    ap.add_argument("--time-limit", type=float, default=0, help="seconds: render in chunks kept under OUT/parts; "
                    "stop (exit 3) when the limit passes, the next call continues")
    args = ap.parse_args()
    if args.time_limit:
        parts_dir = os.path.join(args.out, "parts")
        res = render_set_resumable(args.count, args.seed, args.workers, parts_dir, args.time_limit)
        if res is None:
            return 3
        images, labels = res
    else:
        images, labels = render_set(args.count, args.seed, args.workers)
    save_set(args.out, images, labels, args.seed, args.png)
    if args.time_limit:
        import shutil
        shutil.rmtree(os.path.join(args.out, "parts"), ignore_errors=True)
    if args.sheet:
        contact_sheet(images[:64], labels[:64], args.sheet)
    print(f"render_faces: {len(images)} faces (seed {args.seed}) -> {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
