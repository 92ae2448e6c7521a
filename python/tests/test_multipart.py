"""Multipart bodies: the server parses the parts back out."""

import asyncio

import pytest

import rnet


def post(server, multipart):
    async def main():
        return await (await rnet.post(server.url("/post"), multipart=multipart)).json()

    return asyncio.run(main())["multipart"]


def test_text_bytes_and_file_parts(server, tmp_path):
    f = tmp_path / "notes.txt"
    f.write_text("file body")
    form = rnet.Multipart(
        rnet.Part("field", "value"),
        rnet.Part("blob", b"\x01\x02raw", filename="blob.bin", mime="application/octet-stream"),
        rnet.Part.file("upload", str(f), mime="text/plain"),
    )
    parts = post(server, form)
    assert parts[0] == {"name": "field", "filename": None, "content_type": None, "data": "value"}
    assert parts[1]["filename"] == "blob.bin" and parts[1]["content_type"] == "application/octet-stream"
    assert parts[1]["data"] == "\x01\x02raw"
    assert parts[2] == {"name": "upload", "filename": "notes.txt", "content_type": "text/plain", "data": "file body"}


def test_bad_parts(tmp_path):
    with pytest.raises(rnet.BodyError):
        rnet.Part.file("f", str(tmp_path / "missing.txt"))
    with pytest.raises(rnet.BuilderError):
        rnet.Part("f", "x", mime="not a mime")
    with pytest.raises(TypeError):
        rnet.Multipart("not a part")


def test_a_path_value_sends_the_file(server, tmp_path):
    # wreq-python takes a pathlib.Path as a Part's value; a str stays text.
    f = tmp_path / "report.csv"
    f.write_text("a,b\n1,2\n")
    parts = post(server, rnet.Multipart(rnet.Part("upload", f), rnet.Part("note", str(f))))
    # labelled by its extension, as a browser labels a file
    assert parts[0] == {"name": "upload", "filename": "report.csv", "content_type": "text/csv", "data": "a,b\n1,2\n"}
    assert parts[1]["data"] == str(f) and parts[1]["filename"] is None


def test_a_form_of_byte_parts_is_reusable(server, tmp_path):
    f = tmp_path / "x.bin"
    f.write_bytes(b"\x00\x01")
    form = rnet.Multipart(rnet.Part("a", "1"), rnet.Part("b", b"two"), rnet.Part("c", f))
    first, second = post(server, form), post(server, form)
    assert first == second and [p["data"] for p in first] == ["1", "two", "\x00\x01"]


def test_a_streamed_part_with_its_length(server):
    def chunks():
        yield b"abc"
        yield b"def"

    parts = post(server, rnet.Multipart(rnet.Part("s", chunks(), filename="s.bin", length=6)))
    assert parts[0]["data"] == "abcdef" and parts[0]["filename"] == "s.bin"
    with pytest.raises(rnet.BuilderError, match="negative"):
        rnet.Part("s", b"x", length=-1)
