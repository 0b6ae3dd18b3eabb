"""Draw coopdesk's icon (a cacao pod on a ledger-green tile) into packaging/icons/.

    .venv/bin/python scripts/make_icons.py

Writes coopdesk-{16,32,48,64,128,256,512}.png (the .deb's hicolor theme) and
coopdesk.ico (the Windows executables and installer). The files are committed;
run this only to change the drawing. Pillow comes with ReportLab.
"""

from pathlib import Path

from PIL import Image, ImageDraw

OUT = Path(__file__).resolve().parents[1] / "packaging" / "icons"
SIZES = (16, 32, 48, 64, 128, 256, 512)
S = 1024  # drawn large, scaled down


def draw() -> Image.Image:
    img = Image.new("RGBA", (S, S), (0, 0, 0, 0))
    d = ImageDraw.Draw(img)
    d.rounded_rectangle((32, 32, S - 32, S - 32), radius=190, fill=(31, 94, 58, 255))  # ledger green
    # the ledger's ruled lines, faint
    for y in range(300, 860, 110):
        d.line((150, y, S - 150, y), fill=(255, 255, 255, 40), width=14)
    # a cacao pod: an ellipse tilted by drawing it on its own layer and rotating
    pod = Image.new("RGBA", (S, S), (0, 0, 0, 0))
    p = ImageDraw.Draw(pod)
    p.ellipse((330, 150, 694, 874), fill=(196, 120, 38, 255), outline=(120, 64, 20, 255), width=22)
    for x in (420, 512, 604):  # the pod's ridges
        p.line((x, 210, x, 814), fill=(150, 84, 26, 255), width=16)
    p.rectangle((496, 96, 528, 168), fill=(92, 60, 24, 255))  # the stalk
    pod = pod.rotate(-28, resample=Image.BICUBIC, center=(S / 2, S / 2))
    img.alpha_composite(pod)
    return img


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    big = draw()
    for size in SIZES:
        big.resize((size, size), Image.LANCZOS).save(OUT / f"coopdesk-{size}.png", optimize=True)
    big.resize((256, 256), Image.LANCZOS).save(OUT / "coopdesk.ico", sizes=[(s, s) for s in (16, 24, 32, 48, 64, 128, 256)])
    print(f"icons in {OUT}")


if __name__ == "__main__":
    main()
