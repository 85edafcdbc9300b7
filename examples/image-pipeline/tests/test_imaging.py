"""Unit tests of the shared imaging layer (no AWS needed):
python3 -m unittest discover -s examples/image-pipeline/tests -t examples/image-pipeline/tests"""

import pathlib
import sys
import unittest

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent.parent / "layers" / "imaging" / "python"))

import imaging  # noqa: E402


class ThumbnailSize(unittest.TestCase):
    def test_keeps_the_aspect_ratio_within_the_edge(self):
        self.assertEqual(imaging.thumbnail_size(1024, 768), (256, 192))
        self.assertEqual(imaging.thumbnail_size(300, 1200), (64, 256))

    def test_never_enlarges_small_images(self):
        self.assertEqual(imaging.thumbnail_size(100, 50), (100, 50))

    def test_rejects_sizes_that_are_not_images(self):
        with self.assertRaises(ValueError):
            imaging.thumbnail_size(0, 10)


class ThumbnailKey(unittest.TestCase):
    def test_mirrors_the_upload_under_thumbnails(self):
        self.assertEqual(imaging.thumbnail_key("uploads/cats/a.jpg"), "thumbnails/cats/a.jpg")


if __name__ == "__main__":
    unittest.main()
