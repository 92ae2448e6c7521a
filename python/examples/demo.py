"""Requests the fixture server as Chrome 149 would, and prints what came back."""

import asyncio
import sys

import rnet


async def main(url: str) -> None:
    client = rnet.Client(emulation=rnet.Profile.Chrome149, tls_verify=False)
    resp = await client.get(url, query={"from": "python"})
    print("status:", resp.status, resp.version)
    print(await resp.text())


asyncio.run(main(sys.argv[1]))
