"""Put the drawing pad's files into the site: `tools/build_pad.py DEST` writes DEST/pad/pad.js, model.bin, model.json.

The docs build (tools/build_docs.py) runs it with the site's `_static` folder, so that draw.html imports
`_static/pad/pad.js`, which fetches `model.bin` beside it. The network is the book's (seed 0, five epochs):
`mnist_book.pad.build_pad` trains it once and keeps it and the three files in `_models/pad/`; while the training code
and the versions of Keras and TensorFlow stay the same, a build copies the files without importing TensorFlow.
"""
import json, sys, time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

def main() -> None:
    if len(sys.argv) != 2 or sys.argv[1].startswith('-'):
        sys.exit("usage: tools/build_pad.py DEST  (the site's static folder; the files go in DEST/pad/)")
    start = time.perf_counter()
    from mnist_book.pad import build_pad
    files = build_pad(Path(sys.argv[1]).resolve(), ROOT/'_models')
    manifest = json.loads(next(p for p in files if p.name == 'model.json').read_text())
    print(f"pad: {', '.join(p.name for p in files)} in {files[0].parent} ({manifest['bytes']:,} bytes of "
          f"{manifest['format']} weights; test accuracy {manifest['test_accuracy']:.4f}, Keras "
          f"{manifest['keras_test_accuracy']:.4f}) in {time.perf_counter() - start:.1f} s", flush=True)

if __name__ == '__main__':
    try: main()
    except ValueError as e: sys.exit(f"build_pad: {e}")
