"""Time and peak memory of our rendition pipeline against the naive way, side by side in one run.

    .venv/bin/python bench/renditions.py [--megapixels 24] [--rounds 3]

Makes a photo-like JPEG, then builds the same JPEG + WebP set at every configured width twice:
  naive: for each width, open and decode the original at full size, transpose, resize, save each format;
  ours:  galleries.imaging.render (one reduced-scale decode, cascading resizes, encoding on a second thread).
Each run is a fresh subprocess, so its peak resident memory is its own. The last line reads
`speedup: N.NNx, peak memory: N.NNx` (ours against naive: higher speedup and lower memory are better).
"""

from __future__ import annotations

import argparse
import io
import json
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

WIDTHS = [320, 640, 960, 1280, 1920, 2560]  # the production default, GALLERIES_RENDITION_WIDTHS
FORMATS = ["WEBP", "JPEG"]


def make_photo(path: Path, megapixels: float) -> None:
    """Write a JPEG with what makes photos costly to code: gradients, texture, edges."""
    from PIL import Image, ImageDraw, ImageFilter

    width = int((megapixels * 1e6 * 3 / 2) ** 0.5)
    height = width * 2 // 3
    small = (width // 8, height // 8)
    sky = Image.merge(
        "RGB",
        [
            Image.linear_gradient("L").resize(small),
            Image.new("L", small, 90),
            Image.linear_gradient("L").rotate(90).resize(small),
        ],
    )
    draw = ImageDraw.Draw(sky)
    for i in range(40):
        x, y = (i * 7919) % small[0], (i * 104729) % small[1]
        draw.ellipse(
            [x, y, x + small[0] // 10, y + small[1] // 12], fill=((i * 50) % 256, (i * 90) % 256, (i * 130) % 256)
        )
    base = sky.resize((width, height), Image.Resampling.BICUBIC).filter(ImageFilter.GaussianBlur(3))
    grain = Image.effect_noise((width, height), 24).convert("RGB")
    Image.blend(base, grain, 0.18).save(path, "JPEG", quality=90)


def naive(path: Path) -> int:
    from PIL import Image, ImageOps

    total = 0
    for width in WIDTHS:
        with Image.open(path) as img:
            upright = ImageOps.exif_transpose(img).convert("RGB")
            resized = upright.resize((width, round(upright.height * width / upright.width)), Image.Resampling.LANCZOS)
            for fmt in FORMATS:
                out = io.BytesIO()
                resized.save(out, fmt, quality={"JPEG": 80, "WEBP": 78}[fmt])
                total += out.tell()
    return total


def ours(path: Path) -> int:
    from galleries import imaging

    with path.open("rb") as source:
        specs = imaging.rendition_specs(source_width=10**6, widths=WIDTHS, formats=FORMATS)
        return sum(len(r.data) for r in imaging.render(source, specs, rights=imaging.Rights(creator="Bench")))


def child(way: str, path: Path) -> None:
    import PIL.Image  # noqa: F401 - imported before the clock starts, for both ways alike

    started = time.perf_counter()
    produced = {"naive": naive, "ours": ours}[way](path)
    seconds = time.perf_counter() - started
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"seconds": seconds, "peak_mb": peak_mb, "bytes": produced}))


def measure(way: str, path: Path) -> dict:
    result = subprocess.run(
        [sys.executable, __file__, "--child", way, str(path)], capture_output=True, text=True, check=True
    )
    return json.loads(result.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--megapixels", type=float, default=24)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--child", nargs=2, metavar=("WAY", "PATH"), help=argparse.SUPPRESS)
    parser.add_argument("--make", metavar="PATH", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        return child(args.child[0], Path(args.child[1]))
    if args.make:
        return make_photo(Path(args.make), args.megapixels)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "photo.jpg"
        # In a subprocess too: a child forked from a large parent would inherit its peak memory.
        subprocess.run(
            [sys.executable, __file__, "--make", str(path), "--megapixels", str(args.megapixels)], check=True
        )
        from PIL import Image

        with Image.open(path) as img:
            print(
                f"source: {img.width}x{img.height} JPEG, {path.stat().st_size / 1e6:.1f} MB; "
                f"output: {len(WIDTHS)} widths x {'+'.join(FORMATS)}"
            )
        runs: dict[str, list[dict]] = {"naive": [], "ours": []}
        for _ in range(args.rounds):  # alternate, so both ways see the same machine conditions
            for way in runs:
                runs[way].append(measure(way, path))
    summary = {
        way: {
            "seconds": statistics.median(r["seconds"] for r in results),
            "peak_mb": max(r["peak_mb"] for r in results),
            "bytes": results[0]["bytes"],
        }
        for way, results in runs.items()
    }
    for way, row in summary.items():
        print(
            f"{way:>6}: median {row['seconds']:.2f} s over {args.rounds} runs, peak RSS {row['peak_mb']:.0f} MB, "
            f"output {row['bytes'] / 1e6:.1f} MB"
        )
    speedup = summary["naive"]["seconds"] / summary["ours"]["seconds"]
    memory = summary["ours"]["peak_mb"] / summary["naive"]["peak_mb"]
    print(f"speedup: {speedup:.2f}x, peak memory: {memory:.2f}x")


if __name__ == "__main__":
    main()
