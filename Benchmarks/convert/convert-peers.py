#!/usr/bin/env python3
"""Time the tools people use to turn phone HEIC and web WebP pictures into upload-sized JPEGs, side by side, and
score their output.

Usage: convert-peers.py --make-corpus DIR [--count 24]
       convert-peers.py CORPUS_DIR [--size 1600] [--runs 3] [--ssim-files N] [--ours 'CMD {list} {out}']
                        [--only NAME,...] [--json FILE]

--make-corpus writes N deterministic, photo-like 12-megapixel pictures (4032x3024 and 3024x4032, the size of a
phone's main camera) from a fixed seed, half HEIC and half WebP, interleaved, named 0001.heic, 0002.webp, ...,
and a manifest.json with each file's coded and upright size. The HEICs are written by pillow_heif (libheif +
x265, quality 60, about 2 MB each), most of them as a grid of 512x512 tiles with a 320-pixel thumbnail as a phone
writes them; several are stored sideways or upside down with an irot/imir transform AND the same EXIF orientation,
as an iPhone does (so applying both turns them twice). The WebPs are lossy quality 90 (about 1.6 MB), two in 24
lossless; some are portrait, none has alpha or an orientation. All are opaque photos: JPEG is the right output.

Then every peer converts every *.heic / *.heif / *.webp of CORPUS_DIR to a JPEG with a long side of --size at
quality 85, turned upright, into its own emptied temp dir; a run is timed as a whole (median of --runs), the peak
RSS is /usr/bin/time's %M (max over processes and runs). --ours runs any command through sh -c: '{list}' becomes
a file listing one input path a line, '{out}' the output dir; an output is matched to its input by file stem and
its type is read from its first bytes, not its name. Every output is checked as a viewer shows it (its own EXIF
orientation applied): a JPEG, long side == --size (the corpus is all larger), the upright size (from the
manifest, else from the reference decode), and upright by content: a 48-pixel copy of the output is nearer the
reference than any flip or rotation of it. SSIM on luma against the reference (the source decoded at full
resolution by Pillow + pillow_heif, its orientation applied, Lanczos-resized to that tool's own output size) is
computed for the first --ssim-files inputs (default: all); min SSIM < 0.97 is marked LOW. Exit status 1 if a
tool wrote a wrong number of outputs, a non-JPEG, a wrongly sized or turned one, or exited non-zero.

The photo generator and the SSIM are resize-peers.py's (../resize/), loaded from that file by path.
"""
import argparse, importlib.util, io, json, os, shutil, statistics, subprocess, sys, tempfile, time

import numpy as np
from PIL import Image, ImageOps, __version__ as PIL_VERSION

try:
    import pillow_heif
except ImportError:
    sys.exit("convert-peers.py needs pillow-heif: pip install -q pillow pillow-heif numpy")

PY = sys.executable
Image.MAX_IMAGE_PIXELS = None
pillow_heif.register_heif_opener()
LOW_SSIM = 0.97
EXTS = (".heic", ".heif", ".webp")

# make_image (the photo-like picture), luma, ssim, timed_run and version: one definition, shared with the resize
# benchmark
_spec = importlib.util.spec_from_file_location(
    "resize_peers", os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "resize", "resize-peers.py"))
resize_peers = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(resize_peers)
make_image, luma, ssim = resize_peers.make_image, resize_peers.luma, resize_peers.ssim
timed_run, version = resize_peers.timed_run, resize_peers.version

PIL_CONVERT = r"""
import os, sys
from PIL import Image, ImageOps
from pillow_heif import register_heif_opener
register_heif_opener()
Image.MAX_IMAGE_PIXELS = None
size, out = int(sys.argv[2]), sys.argv[3]
for f in open(sys.argv[1]).read().split("\n"):
    if not f: continue
    with Image.open(f) as im:
        im = ImageOps.exif_transpose(im)
        im.thumbnail((size, size), Image.LANCZOS)
        if im.mode != "RGB":
            im = im.convert("RGB")
        im.save(os.path.join(out, os.path.splitext(os.path.basename(f))[0] + ".jpg"), quality=85)
"""

# ---------------------------------------------------------------- corpus

# Pillow's transpose that makes the stored pixels from the upright picture, by EXIF orientation: the inverse of
# what ImageOps.exif_transpose does to show them.
STORE = {2: Image.FLIP_LEFT_RIGHT, 3: Image.ROTATE_180, 4: Image.FLIP_TOP_BOTTOM, 5: Image.TRANSPOSE,
         6: Image.ROTATE_90, 7: Image.TRANSVERSE, 8: Image.ROTATE_270}

# One cycle of 24: (format, upright orientation P(ortrait)/L(andscape), EXIF orientation / WebP kind, HEIC grid).
# A phone's sensor is landscape: a portrait HEIC is stored 4032x3024 and turned by orientation 6 (or 8).
# The first four already hold a sideways HEIC, an upside-down one, lossy and lossless WebP.
CYCLE = [
    ("HEIC", "P", 6, True), ("WebP", "L", "lossy", None), ("HEIC", "L", 3, True), ("WebP", "P", "lossless", None),
    ("HEIC", "L", 1, True), ("WebP", "P", "lossy", None), ("HEIC", "P", 6, False), ("WebP", "L", "lossy", None),
    ("HEIC", "P", 8, True), ("WebP", "L", "lossy", None), ("HEIC", "L", 1, False), ("WebP", "P", "lossy", None),
    ("HEIC", "P", 6, True), ("WebP", "L", "lossy", None), ("HEIC", "L", 1, True), ("WebP", "L", "lossless", None),
    ("HEIC", "P", 6, True), ("WebP", "P", "lossy", None), ("HEIC", "L", 3, False), ("WebP", "L", "lossy", None),
    ("HEIC", "L", 1, True), ("WebP", "L", "lossy", None), ("HEIC", "P", 6, True), ("WebP", "P", "lossy", None),
]


def small_image(im, long_side=48):
    """A tiny grey copy for comparing content (orientation), aspect kept."""
    w, h = im.size
    wh = (long_side, max(1, round(h * long_side / w))) if w >= h else (max(1, round(w * long_side / h)), long_side)
    return im.convert("L").resize(wh, Image.BOX)


def small(im):
    return np.asarray(small_image(im), dtype=np.float64)


def make_corpus(folder, count):
    os.makedirs(folder, exist_ok=True)
    manifest = {}
    for i in range(1, count + 1):
        t = time.perf_counter()
        fmt, shape, kind, grid = CYCLE[(i - 1) % len(CYCLE)]
        uw, uh = (3024, 4032) if shape == "P" else (4032, 3024)
        up = make_image(20250301 + i, uw, uh)
        entry = {"format": fmt, "upright": [uw, uh]}
        if fmt == "HEIC":
            name = f"{i:04d}.heic"
            stored = up.transpose(STORE[kind]) if kind != 1 else up
            exif = Image.Exif()
            exif[0x010F], exif[0x0110], exif[0x0112] = "Apple", "iPhone (convert-peers.py)", kind
            # image_orientation comes from the EXIF orientation: libheif writes irot/imir, and the EXIF keeps it too
            pillow_heif.from_pillow(stored).save(
                os.path.join(folder, name), quality=60, enc_params={"preset": "ultrafast"}, exif=exif.tobytes(),
                tile_size=512 if grid else 0, thumbnails=[320] if grid else [])
            entry.update(stored=list(stored.size), orientation=kind, grid=bool(grid), quality=60)
        else:
            name = f"{i:04d}.webp"
            path = os.path.join(folder, name)
            if kind == "lossless":
                up.save(path, lossless=True)
            else:
                up.save(path, quality=90)
            entry.update(stored=[uw, uh], orientation=None, webp=kind)
        path = os.path.join(folder, name)
        # the reference decoder must see it upright, as meant: else the checks below would be meaningless
        with Image.open(path) as im:
            back = ImageOps.exif_transpose(im)
        if back.size != (uw, uh) or np.abs(small(back) - small(up)).mean() > 8:
            sys.exit(f"{path}: Pillow + pillow_heif decodes it as {back.size}, not upright {uw}x{uh}")
        entry["bytes"] = os.path.getsize(path)
        manifest[name] = entry
        print(f"{path}  {fmt} {entry['stored'][0]}x{entry['stored'][1]} -> upright {uw}x{uh}"
              f"{'  orientation %d' % kind if fmt == 'HEIC' and kind != 1 else ''}"
              f"{'  grid' if grid else ''}{'  ' + kind if fmt == 'WebP' else ''}"
              f"  {entry['bytes'] / 1e6:.1f} MB  {time.perf_counter() - t:.1f} s", flush=True)
    with open(os.path.join(folder, "manifest.json"), "w") as f:
        json.dump(manifest, f, indent=1)


# ---------------------------------------------------------------- running the peers

def match_outputs(inputs, outdir):
    """Map each input path to its output file: same stem (0001.jpg, 0001.heic), else a name starting with
    stem + '.' (0001.heic.jpg)."""
    names = sorted(n for n in os.listdir(outdir) if not n.startswith("."))
    found = {}
    for p in inputs:
        stem = os.path.splitext(os.path.basename(p))[0]
        for test in (lambda n: os.path.splitext(n)[0] == stem, lambda n: n.startswith(stem + ".")):
            hits = [n for n in names if test(n)]
            if hits:
                found[p] = os.path.join(outdir, next((n for n in hits if n.lower().endswith((".jpg", ".jpeg"))),
                                                     hits[0]))
                break
    return found, len(names)


def sniff(path):
    """The type of a file by its first bytes."""
    with open(path, "rb") as f:
        b = f.read(16)
    if b[:3] == b"\xff\xd8\xff":
        return "JPEG"
    if b[:8] == b"\x89PNG\r\n\x1a\n":
        return "PNG"
    if b[:4] == b"RIFF" and b[8:12] == b"WEBP":
        return "WebP"
    if b[4:8] == b"ftyp":
        return "HEIF"
    if b[:4] in (b"GIF8",):
        return "GIF"
    if b[:4] in (b"II*\0", b"MM\0*"):
        return "TIFF"
    return "unknown"


# the four ways a picture can be turned keeping its width and height, and the four that swap them
SAME_SHAPE = {"upright": None, "mirrored": Image.FLIP_LEFT_RIGHT, "upside down (flipped)": Image.FLIP_TOP_BOTTOM,
              "rotated 180": Image.ROTATE_180}
SWAPPED = {"rotated 90 clockwise": Image.ROTATE_270, "rotated 90 counter-clockwise": Image.ROTATE_90,
           "transposed": Image.TRANSPOSE, "transversed": Image.TRANSVERSE}


def how_turned(shown, ref_small):
    """Which turn of the upright reference the output (as shown) looks like: 'upright' when it is.
    ref_small: the reference as a small 8-bit grey picture (see small())."""
    got = small(shown)
    best, name = None, "?"
    for label, op in list(SAME_SHAPE.items()) + list(SWAPPED.items()):
        c = np.asarray(ref_small if op is None else ref_small.transpose(op), dtype=np.float64)
        if c.shape != got.shape:
            continue
        d = np.abs(c - got).mean()
        if best is None or d < best:
            best, name = d, label
    return name


def reference(path):
    """The source decoded at full resolution by Pillow + pillow_heif, its orientation applied, as RGB."""
    with Image.open(path) as im:
        return ImageOps.exif_transpose(im).convert("RGB")


# ---------------------------------------------------------------- main

def delegates():
    """ImageMagick's HEIC and WebP coders, with their library versions."""
    try:
        out = subprocess.run(["convert", "-list", "format"], capture_output=True, text=True).stdout
    except OSError:
        return "?"
    rows = [" ".join(line.split()) for line in out.splitlines() if line.split()[:1] in (["HEIC"], ["HEIC*"],
                                                                                          ["WEBP"], ["WEBP*"])]
    return "; ".join(rows) or "no HEIC/WEBP coder"


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("corpus", nargs="?")
    ap.add_argument("--make-corpus", metavar="DIR")
    ap.add_argument("--count", type=int, default=24)
    ap.add_argument("--size", type=int, default=1600)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--ssim-files", type=int, default=0, help="SSIM on the first N inputs only (default 0: all)")
    ap.add_argument("--ours", help="'CMD {list} {out}', run through sh -c")
    ap.add_argument("--only", help="tools whose name contains one of these, comma-separated (vips,convert,Pillow,ours)")
    ap.add_argument("--json")
    a = ap.parse_args()
    if a.make_corpus:
        make_corpus(a.make_corpus, a.count)
        if not a.corpus:
            return 0
    if not a.corpus:
        ap.error("give a CORPUS_DIR (or --make-corpus DIR)")
    corpus = os.path.abspath(a.corpus)
    inputs = sorted(os.path.join(corpus, f) for f in os.listdir(corpus) if f.lower().endswith(EXTS))
    if not inputs:
        sys.exit(f"no *.heic, *.heif or *.webp in {corpus}")
    stems = [os.path.splitext(os.path.basename(p))[0] for p in inputs]
    if len(set(stems)) != len(stems):
        sys.exit("two inputs share a file stem: outputs are matched to inputs by stem")
    manifest = {}
    if os.path.exists(os.path.join(corpus, "manifest.json")):
        manifest = json.load(open(os.path.join(corpus, "manifest.json")))
    size, n = a.size, len(inputs)
    tmp = tempfile.mkdtemp(prefix="convert-peers-")
    lst, pil = os.path.join(tmp, "list"), os.path.join(tmp, "pil.py")
    open(lst, "w").write("\n".join(inputs) + "\n")
    open(pil, "w").write(PIL_CONVERT)

    def out(name):
        return os.path.join(tmp, "out-" + "".join(c if c.isalnum() else "_" for c in name))

    def stem(p):
        return os.path.splitext(os.path.basename(p))[0]

    box = f"{size}x{size}"
    # (name, function from an output dir to the list of commands one run executes)
    tools = [
        ("vipsthumbnail", lambda o: [["vipsthumbnail", "--size", box, "-o", f"{o}/%s.jpg[Q=85]"] + inputs]),
        ("convert -auto-orient", lambda o: [["convert", p, "-auto-orient", "-resize", box, "-quality", "85",
                                             f"{o}/{stem(p)}.jpg"] for p in inputs]),
        ("Pillow+pillow_heif", lambda o: [[PY, pil, lst, str(size), o]]),
    ]
    if a.ours:
        tools.append(("ours", lambda o: [["sh", "-c", a.ours.replace("{list}", lst).replace("{out}", o)]]))
    if a.only:
        keys = [k.strip().lower() for k in a.only.split(",") if k.strip()]
        tools = [t for t in tools if any(k in t[0].lower() for k in keys)]
        if not tools:
            sys.exit(f"--only {a.only}: no tool matches (vipsthumbnail, convert, Pillow, ours with --ours)")

    versions = {"vips": version(["vips", "--version"]), "convert": version(["convert", "-version"]),
                "convert_coders": delegates(), "Pillow": PIL_VERSION, "pillow_heif": pillow_heif.__version__,
                "libheif_pillow_heif": pillow_heif.libheif_version(), "python": sys.version.split()[0]}
    print(f"vips: {versions['vips']}  ({shutil.which('vipsthumbnail')})")
    print(f"convert: {versions['convert']}  ({shutil.which('convert')}); {versions['convert_coders']}")
    print(f"Pillow: {PIL_VERSION}, pillow_heif {versions['pillow_heif']} (libheif {versions['libheif_pillow_heif']}), "
          f"python {versions['python']}; cores: {os.cpu_count()}")
    if a.ours:
        print(f"ours: {a.ours}")
    mb = sum(os.path.getsize(p) for p in inputs) / 1e6
    kinds = {}
    for p in inputs:
        k = "HEIC" if p.lower().endswith((".heic", ".heif")) else "WebP"
        kinds[k] = kinds.get(k, 0) + 1
    print(f"corpus: {corpus}: {n} files ({', '.join(f'{v} {k}' for k, v in sorted(kinds.items()))}), {mb:.1f} MB"
          f"{'' if manifest else ', no manifest.json (upright sizes from the reference decode)'}; "
          f"--size {size}, JPEG quality 85; median of {a.runs} runs")
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
        outputs[name] = found
        results[name] = {"median_s": statistics.median(times), "runs_s": times, "peak_rss_kib": peak,
                         "outputs": len(found), "files_in_out": nfiles, "types": {}, "bad": [], "error": err,
                         "ssim": {}}

    # checks and quality, one input at a time: its reference is decoded once for every tool
    k = n if a.ssim_files <= 0 else min(a.ssim_files, n)
    ceiling = []
    for idx, p in enumerate(inputs):
        base = os.path.basename(p)
        ref = reference(p)
        want = tuple(manifest[base]["upright"]) if base in manifest else ref.size
        if ref.size != want:
            print(f"  reference: {base} decodes as {ref.size[0]}x{ref.size[1]}, the manifest says {want[0]}x{want[1]}")
        sw, sh = want
        refs, ref_small = {}, small_image(ref)

        def ref_at(wh):
            if wh not in refs:
                refs[wh] = ref.resize(wh, Image.LANCZOS)
            return refs[wh]

        for name, r in results.items():
            q = outputs[name].get(p)
            if q is None:
                continue
            kind = sniff(q)
            r["types"][kind] = r["types"].get(kind, 0) + 1
            if kind != "JPEG":
                r["bad"].append(f"{os.path.basename(q)}: {kind}, not JPEG")
            try:
                with Image.open(q) as im:
                    shown = ImageOps.exif_transpose(im).convert("RGB")  # as a viewer shows it
            except Exception as ex:
                r["bad"].append(f"{os.path.basename(q)}: {ex}")
                continue
            w, h = shown.size
            turned = how_turned(shown, ref_small)
            if (w >= h) != (sw >= sh) or max(w, h) != min(size, max(sw, sh)) or turned != "upright":
                r["bad"].append(f"{os.path.basename(q)}: shows {w}x{h} {turned}, from {sw}x{sh} upright")
            elif idx < k and kind == "JPEG":  # SSIM of right outputs only
                r["ssim"][base] = ssim(luma(ref_at((w, h))), luma(shown))
        if idx < k:
            # the ceiling: the reference itself after a Pillow quality 85 save
            wh = (size, round(sh * size / sw)) if sw >= sh else (round(sw * size / sh), size)
            buf = io.BytesIO()
            ref_at(wh).save(buf, "JPEG", quality=85)
            ceiling.append(ssim(luma(ref_at(wh)), luma(Image.open(buf))))
        del ref, refs

    ours = results.get("ours")
    ours_ips = n / ours["median_s"] if ours else None
    vips = results.get("vipsthumbnail")
    vips_ips = n / vips["median_s"] if vips else None
    fmt = lambda v, f, unit="": f"{v:{f}}{unit}" if v is not None else "-"
    print(f"SSIM: luma, 11x11 Gaussian sigma 1.5, vs Pillow + pillow_heif's upright decode, Lanczos to the tool's own "
          f"size; {'all ' + str(n) if k == n else f'first {k} of {n}'} files; LOW below {LOW_SSIM}")
    print(f"{'tool':22} {'seconds':>8} {'img/s':>7} {'vs vips':>8} {'ours/it':>8} {'RSS MiB':>8} {'SSIM mean':>10} "
          f"{'SSIM min':>9} {'outputs':>8}")
    for name, r in results.items():
        ips = n / r["median_s"]
        scores = list(r["ssim"].values())
        r["images_per_s"] = ips
        r["ratio_vs_vipsthumbnail"] = ips / vips_ips if vips_ips else None
        r["ours_ratio"] = ours_ips / ips if ours_ips else None
        r["peak_rss_mib"] = r["peak_rss_kib"] / 1024
        r["ssim_mean"] = statistics.mean(scores) if scores else None
        r["ssim_min"] = min(scores) if scores else None
        r["low"] = bool(scores) and min(scores) < LOW_SSIM
        wrong = r["outputs"] != n or bool(r["bad"]) or bool(r["error"])
        failed |= wrong
        flags = " LOW" if r["low"] else ""
        flags += " WRONG-COUNT" if r["outputs"] != n else ""
        flags += f" {len(r['bad'])}-BAD" if r["bad"] else ""
        flags += " (exit status != 0)" if r["error"] else ""
        print(f"{name:22} {r['median_s']:8.2f} {ips:7.2f} {fmt(r['ratio_vs_vipsthumbnail'], '.2f', 'x'):>8} "
              f"{fmt(r['ours_ratio'], '.2f', 'x'):>8} {r['peak_rss_mib']:8.0f} {fmt(r['ssim_mean'], '.4f'):>10} "
              f"{fmt(r['ssim_min'], '.4f'):>9} {r['outputs']:>3}/{n:<4}{flags}")
    if ceiling:
        print(f"{'(reference saved q85)':22} {'':8} {'':7} {'':8} {'':8} {'':8} {statistics.mean(ceiling):10.4f} "
              f"{min(ceiling):9.4f}")
    for name, r in results.items():
        for b in r["bad"][:8]:
            print(f"  {name}: {b}")
        if len(r["bad"]) > 8:
            print(f"  {name}: ... {len(r['bad']) - 8} more")
        if r["error"]:
            print(f"  {name}: {r['error']}")
        if r["files_in_out"] != r["outputs"]:
            print(f"  {name}: {r['files_in_out']} files in the output dir for {r['outputs']} matched outputs")
        if set(r["types"]) - {"JPEG"}:
            print(f"  {name}: output types {r['types']}")
    if a.json:
        with open(a.json, "w") as f:
            json.dump({"corpus": corpus, "images": n, "kinds": kinds, "megabytes": mb, "size": size, "quality": 85,
                       "runs": a.runs, "ssim_files": k, "ssim_ceiling_q85": ceiling, "versions": versions,
                       "ours": a.ours, "tools": results}, f, indent=2)
    shutil.rmtree(tmp)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
