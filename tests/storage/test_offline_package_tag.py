"""The offline package's ETag ignores the signatures of file URLs: on object storage every
request signs its URLs anew, and a phone should still get 304 for an unchanged package."""

from mobile_api.views.microlessen import served_etag


def _package(url):
    return {"lessen": [{"afbeeldingen": [{"breedte": 640, "url": url}]}], "versie": 3}


def test_a_new_signature_keeps_the_tag():
    first = _package("https://s3.example/b/lesson-images/1/640.webp?X-Amz-Signature=aaa")
    again = _package("https://s3.example/b/lesson-images/1/640.webp?X-Amz-Signature=bbb")
    assert served_etag(first) == served_etag(again)


def test_another_file_changes_the_tag():
    first = _package("https://s3.example/b/lesson-images/1/640.webp?X-Amz-Signature=aaa")
    other = _package("https://s3.example/b/lesson-images/2/640.webp?X-Amz-Signature=aaa")
    assert served_etag(first) != served_etag(other)
