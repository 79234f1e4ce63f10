#!/usr/bin/env python3
"""Time the tools people use to shrink big JPEGs for upload, on one corpus, side by side, and score their output.

Usage: resize-peers.py --make-corpus DIR [--count 24]
       resize-peers.py CORPUS_DIR [--size 1600] [--runs 3] [--ssim-files 6] [--jpeg-size-hint WxH]
                       [--ours 'CMD {list} {out}'] [--only NAME,...] [--json FILE]

--make-corpus writes N deterministic, photo-like 24-megapixel JPEGs (6000x4000, every fourth one
4000x6000; quality 90, 4:2:0) named 0001.jpg ... from a fixed seed. Then every peer shrinks every
*.jpg in CORPUS_DIR to a long side of --size at JPEG quality 85, into its own emptied temp dir; a run
is timed as a whole (median of --runs), the peak RSS is /usr/bin/time's %M (max over files and runs).
--ours runs any command through sh -c: '{list}' becomes a file listing one input path a line, '{out}'
the output dir; an output is matched to its input by file stem. Every output is checked (count,
upright, long side == --size: the corpus is all larger); SSIM on luma against a Pillow Lanczos
resize of the full-resolution source to that tool's own output size is computed for the first
--ssim-files inputs, and min SSIM < 0.97 is marked LOW. Exit status 1 if a tool wrote a wrong
number of outputs or a wrongly sized or rotated one, or exited non-zero.
"""
import argparse, io, json, os, shutil, statistics, subprocess, sys, tempfile, time

from statistics import NormalDist

import numpy as np
from PIL import Image, ImageChops, ImageDraw, ImageFilter, __version__ as PIL_VERSION

PY = sys.executable
Image.MAX_IMAGE_PIXELS = None
LOW_SSIM = 0.97

PIL_RESIZE = r"""
import os, sys
from PIL import Image
Image.MAX_IMAGE_PIXELS = None
size, out = int(sys.argv[2]), sys.argv[3]
for f in open(sys.argv[1]).read().split("\n"):
    if not f: continue
    im = Image.open(f)
    im.draft("RGB", (size, size))
    im.thumbnail((size, size), Image.LANCZOS)
    im.save(os.path.join(out, os.path.basename(f)), quality=85)
"""


# ---------------------------------------------------------------- corpus

def field(rng, w, h, gw, gh, centre, amp, grey=False):
    """A smooth random RGB image, centre +- amp: a gw x gh random grid upsampled bicubically (in C, by Pillow)."""
    small = rng.integers(centre - amp, centre + amp + 1, (gh, gw, 1 if grey else 3), dtype=np.uint8)
    return Image.fromarray(np.repeat(small, 3, axis=2) if grey else small).resize((w, h), Image.BICUBIC)


def add(im, delta):
    """im + (delta - 128), clipped: a signed add of a field centred on 128."""
    return ImageChops.add(im, delta, scale=1.0, offset=-128)


# 256 uniform bytes -> Gaussian noise, sigma 3.5, centred on 128 (an inverse-CDF look-up table, per band)
NOISE_LUT = [128 + round(3.5 * NormalDist().inv_cdf((i + 0.5) / 256)) for i in range(256)] * 3


def make_image(seed, w, h):
    """One photo-like picture: sky/ground gradient, clouds, foliage-like texture at two scales, hard-edged shapes,
    stripes, thin lines, a little lens softness, uneven light and sensor noise. Deterministic for a given seed.
    Mostly Pillow operations in C on 8-bit images; numpy only makes the small random grids and the noise bytes."""
    rng = np.random.default_rng(seed)
    horizon = int(h * rng.uniform(0.35, 0.65))
    col = np.zeros((h, 1, 3), np.float64)
    sky0, sky1 = rng.uniform([60, 110, 170], [140, 180, 250]), rng.uniform([170, 190, 210], [240, 240, 255])
    gnd0, gnd1 = rng.uniform([90, 100, 40], [160, 160, 100]), rng.uniform([30, 40, 15], [80, 90, 50])
    col[:horizon] = sky0 + (sky1 - sky0) * np.linspace(0, 1, horizon)[:, None, None]
    col[horizon:] = gnd0 + (gnd1 - gnd0) * np.linspace(0, 1, h - horizon)[:, None, None]
    canvas = Image.fromarray(col.astype(np.uint8)).resize((w, h), Image.NEAREST)
    gh = h - horizon
    sky = add(canvas.crop((0, 0, w, horizon)), field(rng, w, horizon, 9, 5, 128, 30))                  # clouds
    ground = add(canvas.crop((0, horizon, w, h)), field(rng, w, gh, w // 40, gh // 40, 128, 20))      # foliage
    ground = add(ground, field(rng, w, gh, w // 8, gh // 8, 128, 5))                                   # leaves
    ground = add(ground, field(rng, w, gh, w // 2, gh // 2, 128, 8, grey=True))                        # grass grain
    canvas.paste(sky, (0, 0))
    canvas.paste(ground, (0, horizon))
    draw = ImageDraw.Draw(canvas)
    for _ in range(int(rng.integers(25, 40))):                                             # objects with hard edges
        x, y = rng.uniform(0, w), rng.uniform(h * 0.2, h)
        rw, rh = rng.uniform(w * 0.02, w * 0.2), rng.uniform(h * 0.02, h * 0.25)
        fill = tuple(int(c) for c in rng.integers(0, 256, 3))
        kind = rng.integers(0, 3)
        if kind == 0:
            draw.ellipse([x, y, x + rw, y + rh], fill=fill)
        elif kind == 1:
            draw.rectangle([x, y, x + rw, y + rh], fill=fill, outline=(20, 20, 20), width=int(rng.integers(2, 9)))
        else:
            ang = np.sort(rng.uniform(0, 2 * np.pi, int(rng.integers(3, 8))))
            draw.polygon([(x + rw * np.cos(a), y + rh * np.sin(a)) for a in ang], fill=fill)
    for _ in range(4):                                                                     # striped "fabric" patches
        pw, ph = int(rng.uniform(w * 0.05, w * 0.15)), int(rng.uniform(h * 0.05, h * 0.2))
        period, angle = rng.uniform(6, 24), rng.uniform(0, np.pi)
        yy, xx = np.mgrid[0:ph, 0:pw].astype(np.float32)
        s = 0.5 + 0.5 * np.sin(2 * np.pi * (xx * np.cos(angle) + yy * np.sin(angle)) / period)
        c0, c1 = rng.uniform(0, 255, 3), rng.uniform(0, 255, 3)
        patch = Image.fromarray((c0 + (c1 - c0) * s[..., None]).astype(np.uint8))
        canvas.paste(patch, (int(rng.uniform(0, w - pw)), int(rng.uniform(0, h - ph))))
    for _ in range(12):                                                                    # wires and branches
        pts = [(rng.uniform(0, w), rng.uniform(0, h)) for _ in range(int(rng.integers(2, 5)))]
        draw.line(pts, fill=tuple(int(c) for c in rng.integers(0, 90, 3)), width=int(rng.integers(2, 10)))
    canvas = canvas.filter(ImageFilter.Kernel((3, 3), [1, 2, 1, 2, 4, 2, 1, 2, 1]))       # lens softness
    canvas = ImageChops.multiply(canvas, field(rng, w, h, 6, 4, 225, 30, grey=True))       # uneven light
    noise = Image.frombytes("RGB", (w, h), rng.bytes(w * h * 3)).point(NOISE_LUT)          # sensor noise
    return add(canvas, noise)


def make_corpus(folder, count):
    os.makedirs(folder, exist_ok=True)
    for i in range(1, count + 1):
        t = time.perf_counter()
        w, h = (4000, 6000) if i % 4 == 0 else (6000, 4000)
        path = os.path.join(folder, f"{i:04d}.jpg")
        make_image(20240601 + i, w, h).save(path, quality=90, subsampling=2)  # subsampling=2 is 4:2:0
        print(f"{path}  {w}x{h}  {os.path.getsize(path) / 1e6:.1f} MB  {time.perf_counter() - t:.1f} s", flush=True)


# ---------------------------------------------------------------- running the peers

def timed_run(cmds, outdir, tmp):
    """Run the commands one after another (one per file, or one for all) into an emptied outdir.
    Returns (wall seconds, peak RSS KiB, error text or None). stdout goes to /dev/null, stderr to a file."""
    shutil.rmtree(outdir, ignore_errors=True)
    os.makedirs(outdir)
    rss_file, err_file = os.path.join(tmp, "rss"), os.path.join(tmp, "stderr")
    peak, err = 0, None
    t = time.perf_counter()
    for cmd in cmds:
        with open(err_file, "w") as ef:
            rc = subprocess.run(["/usr/bin/time", "-f", "%M", "-o", rss_file] + cmd,
                                stdout=subprocess.DEVNULL, stderr=ef).returncode
        lines = open(rss_file).read().split()
        peak = max(peak, int(lines[-1]) if lines and lines[-1].isdigit() else 0)
        if rc != 0 and err is None:
            err = f"exit {rc}: " + open(err_file, errors="replace").read().strip()[-300:]
    return time.perf_counter() - t, peak, err


def match_outputs(inputs, outdir):
    """Map each input path to its output file: same name, else same stem, else a name starting with stem + '.'."""
    names = sorted(os.listdir(outdir))
    found = {}
    for p in inputs:
        base = os.path.basename(p)
        stem = os.path.splitext(base)[0]
        for test in (lambda n: n == base, lambda n: os.path.splitext(n)[0] == stem, lambda n: n.startswith(stem + ".")):
            hit = next((n for n in names if test(n)), None)
            if hit:
                found[p] = os.path.join(outdir, hit)
                break
    return found, len(names)


# ---------------------------------------------------------------- quality

def luma(im):
    a = np.asarray(im.convert("RGB"), dtype=np.float64)
    return 0.299 * a[..., 0] + 0.587 * a[..., 1] + 0.114 * a[..., 2]


GAUSS = np.exp(-0.5 * (np.arange(11) - 5) ** 2 / 1.5 ** 2)
GAUSS /= GAUSS.sum()


def gfilter(a):
    """Separable 11x11 Gaussian (sigma 1.5) over the valid region only."""
    n0, n1 = a.shape[0] - 10, a.shape[1] - 10
    rows = sum(GAUSS[k] * a[k:k + n0, :] for k in range(11))
    return sum(GAUSS[k] * rows[:, k:k + n1] for k in range(11))


def ssim(x, y):
    """Mean SSIM (Wang et al. 2004: K1 0.01, K2 0.03, L 255) of two equal-sized luma planes."""
    c1, c2 = (0.01 * 255) ** 2, (0.03 * 255) ** 2
    mx, my = gfilter(x), gfilter(y)
    vx, vy, cxy = gfilter(x * x) - mx * mx, gfilter(y * y) - my * my, gfilter(x * y) - mx * my
    s = ((2 * mx * my + c1) * (2 * cxy + c2)) / ((mx * mx + my * my + c1) * (vx + vy + c2))
    return float(s.mean())


def upright_size(path):
    """Displayed (w, h) of a file, EXIF orientation applied."""
    with Image.open(path) as im:
        w, h = im.size
        return (h, w) if im.getexif().get(0x0112, 1) in (5, 6, 7, 8) else (w, h)


# ---------------------------------------------------------------- main

def version(cmd):
    try:
        out = subprocess.run(cmd, capture_output=True, text=True).stdout.strip()
        return out.splitlines()[0] if out else "?"
    except OSError:
        return "not installed"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("corpus", nargs="?")
    ap.add_argument("--make-corpus", metavar="DIR")
    ap.add_argument("--count", type=int, default=24)
    ap.add_argument("--size", type=int, default=1600)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--ssim-files", type=int, default=6)
    ap.add_argument("--jpeg-size-hint", metavar="WxH", help="convert's -define jpeg:size (default twice --size)")
    ap.add_argument("--ours")
    ap.add_argument("--only")
    ap.add_argument("--json")
    a = ap.parse_args()
    if a.make_corpus:
        make_corpus(a.make_corpus, a.count)
        if not a.corpus:
            return 0
    if not a.corpus:
        ap.error("give a CORPUS_DIR (or --make-corpus DIR)")
    corpus = os.path.abspath(a.corpus)
    inputs = sorted(os.path.join(corpus, f) for f in os.listdir(corpus) if f.lower().endswith((".jpg", ".jpeg")))
    if not inputs:
        sys.exit(f"no *.jpg in {corpus}")
    size, n = a.size, len(inputs)
    tmp = tempfile.mkdtemp(prefix="resize-peers-")
    lst, pil = os.path.join(tmp, "list"), os.path.join(tmp, "pil.py")
    open(lst, "w").write("\n".join(inputs) + "\n")
    open(pil, "w").write(PIL_RESIZE)

    def out(name):
        return os.path.join(tmp, "out-" + "".join(c if c.isalnum() else "_" for c in name))

    box = f"{size}x{size}"
    # ImageMagick decodes at 1/2, 1/4 or 1/8 only if BOTH sides stay >= the hint; the usual advice is twice the box
    hint = a.jpeg_size_hint or f"{2 * size}x{2 * size}"
    # (name, function from an output dir to the list of commands one run executes)
    tools = [
        ("vipsthumbnail", lambda o: [["vipsthumbnail", "--size", box, "-o", f"{o}/%s.jpg[Q=85]"] + inputs]),
        ("convert", lambda o: [["convert", p, "-resize", box, "-quality", "85", o + "/" + os.path.basename(p)]
                               for p in inputs]),
        (f"convert+jpeg:size={hint}", lambda o: [["convert", "-define", f"jpeg:size={hint}", p, "-resize", box,
                                                  "-quality", "85", o + "/" + os.path.basename(p)] for p in inputs]),
        ("Pillow draft+thumbnail", lambda o: [[PY, pil, lst, str(size), o]]),
    ]
    if a.ours:
        tools.append(("ours", lambda o: [["sh", "-c", a.ours.replace("{list}", lst).replace("{out}", o)]]))
    if a.only:
        tools = [t for t in tools if any(k in t[0] for k in a.only.split(","))]

    versions = {"vips": version(["vips", "--version"]), "convert": version(["convert", "-version"]),
                "Pillow": PIL_VERSION, "python": sys.version.split()[0]}
    print(f"vips: {versions['vips']}  ({shutil.which('vipsthumbnail')})")
    print(f"convert: {versions['convert']}  ({shutil.which('convert')})")
    print(f"Pillow: {PIL_VERSION} (python {versions['python']}); cores: {os.cpu_count()}")
    if a.ours:
        print(f"ours: {a.ours}")
    mb = sum(os.path.getsize(p) for p in inputs) / 1e6
    dims = {p: upright_size(p) for p in inputs}
    print(f"corpus: {corpus}: {n} JPEGs, {mb:.1f} MB, {sum(w * h for w, h in dims.values()) / n / 1e6:.1f} MP average; "
          f"--size {size}, quality 85; median of {a.runs} runs")
    for p in inputs:  # warm the page cache so the first tool does not pay for the disk
        open(p, "rb").read()

    results, outputs, failed = {}, {}, False
    for name, make in tools:
        o = out(name)
        times, peak, err = [], 0, None
        for _ in range(a.runs):
            secs, rss, e = timed_run(make(o), o, tmp)
            times.append(secs)
            peak, err = max(peak, rss), err or e
        found, nfiles = match_outputs(inputs, o)
        # geometry of every output: same orientation as the source, long side == size (all inputs are larger)
        bad = []
        for p, q in found.items():
            try:
                w, h = upright_size(q)
            except Exception as ex:
                bad.append(f"{os.path.basename(q)}: {ex}")
                continue
            sw, sh = dims[p]
            if (w >= h) != (sw >= sh) or max(w, h) != min(size, max(sw, sh)):
                bad.append(f"{os.path.basename(q)}: {w}x{h} from {sw}x{sh}")
        first = None
        if inputs[0] in found:
            with Image.open(found[inputs[0]]) as im:
                first = list(im.size)
        outputs[name] = found
        results[name] = {"median_s": statistics.median(times), "runs_s": times, "peak_rss_kib": peak,
                         "outputs": len(found), "files_in_out": nfiles, "bad_geometry": bad, "error": err,
                         "first_dims": first}
        failed |= len(found) != n or bool(bad) or bool(err)

    # quality: SSIM on luma against Pillow Lanczos of the full-resolution source, at each tool's own output size
    k = min(a.ssim_files, n)
    refs = {}

    def ref(p, wh):
        if (p, wh) not in refs:
            with Image.open(p) as src:
                refs[(p, wh)] = src.convert("RGB").resize(wh, Image.LANCZOS)
        return refs[(p, wh)]

    for name, r in results.items():
        scores = []
        for p in inputs[:k]:
            if p in outputs[name]:
                with Image.open(outputs[name][p]) as im:
                    got = im.convert("RGB")
                scores.append(ssim(luma(ref(p, got.size)), luma(got)))
        r["ssim"] = scores
        r["ssim_mean"] = statistics.mean(scores) if scores else None
        r["ssim_min"] = min(scores) if scores else None
        r["low"] = bool(scores) and min(scores) < LOW_SSIM
    # the ceiling: the reference itself after a Pillow quality 85 save; no tool writing quality 85 does much better
    ceiling = []
    for p in inputs[:k]:
        sw, sh = dims[p]
        wh = (size, round(sh * size / sw)) if sw >= sh else (round(sw * size / sh), size)
        buf = io.BytesIO()
        ref(p, wh).save(buf, "JPEG", quality=85)
        ceiling.append(ssim(luma(ref(p, wh)), luma(Image.open(buf))))

    base = results.get("vipsthumbnail")
    base_ips = n / base["median_s"] if base else None
    fmt = lambda v, f: f"{v:{f}}" if v is not None else "-"
    print(f"SSIM: luma, 11x11 Gaussian sigma 1.5, vs Pillow Lanczos of the source at the tool's own size; "
          f"first {k} of {n} files; LOW below {LOW_SSIM}")
    print(f"{'tool':28} {'seconds':>8} {'img/s':>7} {'vs vips':>8} {'RSS MiB':>8} {'SSIM mean':>10} {'SSIM min':>9} "
          f"{'first out':>10} {'outputs':>8}")
    for name, r in results.items():
        ips = n / r["median_s"]
        r["images_per_s"] = ips
        r["ratio_vs_vipsthumbnail"] = ips / base_ips if base_ips else None
        r["peak_rss_mib"] = r["peak_rss_kib"] / 1024
        first = "x".join(map(str, r["first_dims"])) if r["first_dims"] else "-"
        flags = " LOW" if r["low"] else ""
        flags += " WRONG-COUNT" if r["outputs"] != n else ""
        flags += f" {len(r['bad_geometry'])}-BAD-SIZE" if r["bad_geometry"] else ""
        flags += " (exit status != 0)" if r["error"] else ""
        print(f"{name:28} {r['median_s']:8.2f} {ips:7.2f} {fmt(r['ratio_vs_vipsthumbnail'], '7.2f') + 'x':>8} "
              f"{r['peak_rss_mib']:8.0f} {fmt(r['ssim_mean'], '10.4f')} {fmt(r['ssim_min'], '9.4f')} {first:>10} "
              f"{r['outputs']:>3}/{n:<4}{flags}")
    print(f"{'(reference saved at q85)':28} {'':8} {'':7} {'':8} {'':8} {statistics.mean(ceiling):10.4f} "
          f"{min(ceiling):9.4f}")
    for name, r in results.items():
        for b in r["bad_geometry"][:5]:
            print(f"  {name}: {b}")
        if r["error"]:
            print(f"  {name}: {r['error']}")
        if r["files_in_out"] != r["outputs"]:
            print(f"  {name}: {r['files_in_out']} files in the output dir for {r['outputs']} matched outputs")
    if a.json:
        with open(a.json, "w") as f:
            json.dump({"corpus": corpus, "images": n, "megabytes": mb, "size": size, "quality": 85, "runs": a.runs,
                       "ssim_files": k, "ssim_ceiling_q85": ceiling, "versions": versions, "ours": a.ours,
                       "tools": results}, f, indent=2)
    shutil.rmtree(tmp)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
