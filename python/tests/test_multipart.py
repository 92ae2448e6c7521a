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
