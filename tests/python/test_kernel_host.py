"""The kernel host's own logic (src/cli/kernel_host.py): the websocket frames it
sends and reads must be those of @jupyterlab/services' protocol v1, paths from
requests stay in the root, and kernel specs are found without IPython."""
import importlib.util
import json
import os
import struct
import sys
from pathlib import Path

import pytest

HOST = Path(__file__).resolve().parents[2] / "src" / "cli" / "kernel_host.py"
spec = importlib.util.spec_from_file_location("kernel_host", HOST)
kernel_host = importlib.util.module_from_spec(spec)
spec.loader.exec_module(kernel_host)


def v1_frame(channel, parts):
    """A frame laid out as services' serializeV1KernelWebsocketJupyterOrg does."""
    pieces = [channel.encode()] + parts
    offsets = [8 * (1 + len(pieces) + 1)]
    for piece in pieces:
        offsets.append(offsets[-1] + len(piece))
    return struct.pack("<" + "Q" * (len(offsets) + 1), len(offsets), *offsets) + b"".join(
        pieces
    )


def read_v1(frame):
    """Reads a frame as services' deserializeV1KernelWebsocketJupyterOrg does."""
    count = struct.unpack("<Q", frame[:8])[0]
    offsets = [struct.unpack("<Q", frame[8 * (i + 1):8 * (i + 2)])[0] for i in range(count)]
    pieces = [frame[offsets[i]:offsets[i + 1]] for i in range(count - 1)]
    return pieces[0].decode(), [json.loads(p) for p in pieces[1:5]], pieces[5:]


def test_a_kernel_message_is_forwarded_as_its_wire_frames_with_offsets():
    header = b'{"msg_id": "m", "msg_type": "stream"}'
    content = b'{"name": "stdout", "text": "h\\u00e9"}'
    wire = [b"ident", kernel_host.DELIMITER, b"signature", header, b"{}", b"{}", content]
    channel, (got_header, parent, metadata, got_content), buffers = read_v1(
        kernel_host.to_websocket("iopub", wire)
    )
    assert channel == "iopub"
    assert got_header == json.loads(header)
    assert (parent, metadata) == ({}, {})
    assert got_content == {"name": "stdout", "text": "h\u00e9"}
    assert buffers == []


def test_buffers_travel_after_the_content():
    wire = [kernel_host.DELIMITER, b"sig", b"{}", b"{}", b"{}", b"{}", b"\x00\x01", b"xyz"]
    _, _, buffers = read_v1(kernel_host.to_websocket("shell", wire))
    assert buffers == [b"\x00\x01", b"xyz"]


def test_a_client_frame_gives_its_channel_and_frames_to_sign():
    parts = [b'{"msg_type": "execute_request"}', b"{}", b"{}", b'{"code": "1"}', b"buf"]
    channel, frames = kernel_host.from_websocket(v1_frame("shell", parts))
    assert channel == "shell"
    assert frames == parts


def test_the_host_s_own_status_message_reads_as_a_status():
    channel, (header, _, _, content), _ = read_v1(kernel_host.status_message("s", "dead"))
    assert channel == "iopub"
    assert header["msg_type"] == "status" and header["session"] == "s"
    assert content == {"execution_state": "dead"}


def test_a_kernel_folder_must_stay_in_the_root(tmp_path):
    (tmp_path / "work").mkdir()
    assert kernel_host.confined(str(tmp_path), "work") == os.path.realpath(tmp_path / "work")
    assert kernel_host.confined(str(tmp_path), "") == os.path.realpath(tmp_path)
    assert kernel_host.confined(str(tmp_path), "../elsewhere") is None
    assert kernel_host.confined(str(tmp_path), "/etc") is None
    os.symlink("/", tmp_path / "work" / "up")
    assert kernel_host.confined(str(tmp_path), "work/up/etc") is None


def test_the_native_kernel_spec_needs_no_ipython(tmp_path, monkeypatch):
    monkeypatch.setenv("JUPYTER_PATH", str(tmp_path / "none"))
    specs = kernel_host.QuickSpecs(kernel_dirs=[str(tmp_path / "none")])
    native = specs.get_kernel_spec("python3")
    assert native.argv[:3] == [sys.executable, "-m", "ipykernel_launcher"]
    with pytest.raises(kernel_host.NoSuchKernel):
        specs.get_kernel_spec("julia")


def test_an_installed_kernel_spec_wins(tmp_path):
    folder = tmp_path / "python3"
    folder.mkdir()
    (folder / "kernel.json").write_text(json.dumps({
        "argv": ["/opt/venv/bin/python", "-m", "ipykernel_launcher", "-f", "{connection_file}"],
        "display_name": "venv",
        "language": "python",
    }))
    specs = kernel_host.QuickSpecs(kernel_dirs=[str(tmp_path)])
    assert specs.get_kernel_spec("python3").argv[0] == "/opt/venv/bin/python"


def test_output_beyond_the_rate_limit_is_dropped_and_told_once_then_resumes():
    limit = kernel_host.RateLimit(limit=1000, window=1.0)
    assert limit.admit(900, 0.0) == (True, False)
    assert limit.admit(200, 0.1) == (False, True)
    assert limit.admit(200, 0.2) == (False, False)
    assert limit.admit(10, 5.0) == (True, False)  # the window passed: output flows again


def test_the_rate_notice_is_a_stderr_stream_the_checks_recognise():
    channel, (header, parent, _, content), _ = read_v1(
        kernel_host.notice_message("s", b'{"msg_id": "run"}', kernel_host.RATE_NOTICE)
    )
    assert (channel, header["msg_type"], parent) == ("iopub", "stream", {"msg_id": "run"})
    assert content["name"] == "stderr"
    assert content["text"].startswith("IOPub data rate exceeded.")
