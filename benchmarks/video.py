"""Benchmark video uploads: smmgen's streaming upload against a bare httpx streaming upload.

Starts a local HTTP server in its own process that reads every request body
(plain or chunked) and throws it away, then answers as Mastodon's
``POST /api/v2/media`` does for a processed file. It uploads a 200 MB file
through ``smmgen.adapters.mastodon`` (multipart, streamed from disk by httpx)
and with bare ``httpx.post(content=<file blocks>)``, alternating, and compares
the best of each (target: smmgen ≥ 0.8× the bare throughput). Then it uploads
a 50 MB and a 500 MB file through smmgen, each in a fresh process, and reads
that process's peak resident memory (target: under 150 MB whatever the size).

The files are random bytes named .mp4 (uploading does not look inside them;
encoding real 500 MB videos would take minutes), written to a temporary
folder and deleted afterwards.

Run: .venv/bin/python benchmarks/video.py [--size-mb 200] [--rounds 3]
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

THROUGHPUT_TARGET = 0.8
RSS_LIMIT_MB = 150
TOKEN = "bench-token"


class Sink(BaseHTTPRequestHandler):
    """Reads the whole body (Content-Length or chunked), answers a processed media item."""

    protocol_version = "HTTP/1.1"

    def do_GET(self) -> None:
        # /api/v2/instance: the server's limits, larger than any benchmark file.
        limits = {"video_size_limit": 10**12, "video_frame_rate_limit": 120}
        data = json.dumps({"configuration": {"media_attachments": limits}}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def do_POST(self) -> None:
        if self.headers.get("Transfer-Encoding", "").lower() == "chunked":
            while True:
                size = int(self.rfile.readline().split(b";")[0], 16)
                self._drain(size)
                self.rfile.readline()
                if size == 0:
                    break
        else:
            self._drain(int(self.headers.get("Content-Length", "0")))
        body = json.dumps({"id": "1", "type": "video", "url": "https://files.example/1.mp4"})
        data = body.encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def _drain(self, n: int) -> None:
        while n > 0:
            got = self.rfile.read(min(n, 1 << 20))
            if not got:
                return
            n -= len(got)

    def log_message(self, format: str, *args: object) -> None:
        pass


def serve(port_file: str) -> None:
    server = ThreadingHTTPServer(("127.0.0.1", 0), Sink)
    Path(port_file).write_text(str(server.server_address[1]))
    server.serve_forever()


def make_file(path: Path, mb: int) -> Path:
    with path.open("wb") as fh:
        for _ in range(mb):
            fh.write(os.urandom(1 << 20))
    return path


def upload_smmgen(base: str, path: Path) -> float:
    """Seconds smmgen's Mastodon adapter takes to upload ``path``."""
    from smmgen.adapters.base import MediaFile
    from smmgen.adapters.mastodon import MastodonAdapter
    from smmgen.model import Account

    account = Account("bench", "mastodon", {"instance": base, "token_env": "T"}, 1)
    adapter = MastodonAdapter(account, {"token_env": TOKEN})
    start = time.perf_counter()
    adapter._upload_video(MediaFile(path, "bench", "video/mp4"))
    return time.perf_counter() - start


def upload_bare(base: str, path: Path) -> float:
    """Seconds a bare httpx streaming upload of ``path`` takes."""
    import httpx

    def blocks() -> object:
        with path.open("rb") as fh:
            while block := fh.read(1 << 20):
                yield block

    start = time.perf_counter()
    httpx.post(
        f"{base}/api/v2/media",
        content=blocks(),  # type: ignore[arg-type]
        headers={"Authorization": f"Bearer {TOKEN}", "Content-Type": "video/mp4"},
        timeout=httpx.Timeout(60.0),
    ).raise_for_status()
    return time.perf_counter() - start


def child(base: str, path: str) -> None:
    """Upload once through smmgen, then print this process's peak RSS in MB."""
    upload_smmgen(base, Path(path))
    print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--size-mb", type=int, default=200)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--child", nargs=2, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(*args.child)
        return 0

    with tempfile.TemporaryDirectory(prefix="smmgen-video-bench-") as tmp:
        port_file = Path(tmp) / "port"
        server = subprocess.Popen(
            [sys.executable, "-c", f"import sys; sys.path.insert(0, {str(ROOT)!r}); "
             f"from benchmarks.video import serve; serve({str(port_file)!r})"]
        )  # fmt: skip
        try:
            for _ in range(100):
                if port_file.exists() and port_file.read_text():
                    break
                time.sleep(0.05)
            base = f"http://127.0.0.1:{port_file.read_text()}"
            ok = True

            video = make_file(Path(tmp) / "video.mp4", args.size_mb)
            ours, bare = [], []
            for _ in range(args.rounds):
                bare.append(upload_bare(base, video))
                ours.append(upload_smmgen(base, video))
            video.unlink()
            mb = args.size_mb
            rate_ours, rate_bare = mb / min(ours), mb / min(bare)
            ratio = rate_ours / rate_bare
            verdict = "ok" if ratio >= THROUGHPUT_TARGET else "TOO SLOW"
            print(f"{mb} MB upload: smmgen {rate_ours:,.0f} MB/s, bare httpx {rate_bare:,.0f} MB/s")
            print(f"  throughput ratio {ratio:.2f} (target ≥ {THROUGHPUT_TARGET}) {verdict}")
            ok &= ratio >= THROUGHPUT_TARGET

            for size in (50, 500):
                path = make_file(Path(tmp) / f"video-{size}.mp4", size)
                out = subprocess.run(
                    [sys.executable, __file__, "--child", base, str(path)],
                    capture_output=True, text=True, check=True, cwd=ROOT,
                )  # fmt: skip
                path.unlink()
                rss = float(out.stdout.strip().splitlines()[-1])
                verdict = "ok" if rss < RSS_LIMIT_MB else "TOO MUCH"
                print(f"{size} MB upload: peak RSS {rss:.0f} MB (limit {RSS_LIMIT_MB}) {verdict}")
                ok &= rss < RSS_LIMIT_MB
        finally:
            server.terminate()
            server.wait()
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
