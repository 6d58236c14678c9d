#!/usr/bin/env python3
"""A TCP proxy on loopback that adds network latency: every connection waits one round trip
before it opens (the TCP handshake), and every chunk is delivered half a round trip after it
arrived, in each direction (so a request and its answer cost one more round trip).

usage: delay_proxy.py LISTEN_PORT UPSTREAM_HOST:PORT [RTT_MS]   (default 50 ms)
"""
import asyncio
import sys

listen_port = int(sys.argv[1])
up_host, up_port = sys.argv[2].rsplit(":", 1)
rtt = (float(sys.argv[3]) if len(sys.argv) > 3 else 50.0) / 1000.0


async def pipe(reader, writer):
    loop = asyncio.get_running_loop()
    queue = asyncio.Queue()

    async def deliver():
        while True:
            due, data = await queue.get()
            delay = due - loop.time()
            if delay > 0:
                await asyncio.sleep(delay)
            if data is None:
                break
            writer.write(data)
            await writer.drain()
        try:
            writer.write_eof()
        except (OSError, RuntimeError):
            pass

    task = asyncio.ensure_future(deliver())
    try:
        while True:
            data = await reader.read(65536)
            queue.put_nowait((loop.time() + rtt / 2, data or None))
            if not data:
                break
    except (ConnectionError, OSError):
        queue.put_nowait((loop.time(), None))
    await task


async def handle(client_reader, client_writer):
    await asyncio.sleep(rtt)  # the handshake
    try:
        up_reader, up_writer = await asyncio.open_connection(up_host, int(up_port))
    except OSError:
        client_writer.close()
        return
    try:
        await asyncio.gather(pipe(client_reader, up_writer), pipe(up_reader, client_writer))
    except (ConnectionError, OSError):
        pass
    finally:
        for w in (up_writer, client_writer):
            try:
                w.close()
            except OSError:
                pass


async def main():
    server = await asyncio.start_server(handle, "127.0.0.1", listen_port)
    async with server:
        await server.serve_forever()


asyncio.run(main())
