"""Image size arithmetic shared by the pipeline's functions (a Lambda layer: /opt/python)."""

THUMBNAIL_EDGE = 256


def thumbnail_size(width, height, edge=THUMBNAIL_EDGE):
    """The size of a thumbnail whose longer side is `edge`, keeping the aspect ratio."""
    if width <= 0 or height <= 0:
        raise ValueError(f"not an image size: {width}x{height}")
    scale = min(edge / width, edge / height, 1.0)
    return max(1, round(width * scale)), max(1, round(height * scale))


def thumbnail_key(upload_key):
    """`uploads/a/b.jpg` → `thumbnails/a/b.jpg`."""
    return "thumbnails/" + upload_key.removeprefix("uploads/")
