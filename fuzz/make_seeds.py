#!/usr/bin/env python3
"""Builds the fuzz seed corpus (corpus/<target>/) from a luacap-pcapgen capture.

Usage: make_seeds.py CAPTURE.pcap OUT_DIR   (see docs/parsers/fuzzing.md)
Each session becomes one input in fuzz_input.h's layout; a few small, deterministic
variants (split segments, a gap) are added so the seeds start from the interesting paths.
"""
import hashlib
import os
import struct
import sys

PARSER_PORTS = {80: "http", 25: "smtp", 53: "dns", 443: "tls"}
PER_TARGET = 6          # seeds per target: the corpus stays small


def frames(path):
    with open(path, "rb") as f:
        data = f.read()
    magic, = struct.unpack_from("<I", data, 0)
    assert magic == 0xA1B2C3D4, "classic little-endian pcap expected"
    linktype, = struct.unpack_from("<I", data, 20)
    pos = 24
    while pos + 16 <= len(data):
        _, _, incl, _ = struct.unpack_from("<IIII", data, pos)
        yield linktype, data[pos + 16:pos + 16 + incl]
        pos += 16 + incl


def transport(linktype, frame):
    """(proto, src, sport, dst, dport, seq, payload) or None."""
    off = 0
    if linktype == 1:
        etype, = struct.unpack_from("!H", frame, 12)
        off = 14
        if etype == 0x8100:
            etype, = struct.unpack_from("!H", frame, 16)
            off = 18
    else:
        etype = 0x0800 if frame[0] >> 4 == 4 else 0x86DD
    if etype == 0x0800:
        ihl = (frame[off] & 15) * 4
        total, = struct.unpack_from("!H", frame, off + 2)
        proto = frame[off + 9]
        src, dst = frame[off + 12:off + 16], frame[off + 16:off + 20]
        end = off + total
        off += ihl
    elif etype == 0x86DD:
        plen, = struct.unpack_from("!H", frame, off + 4)
        proto = frame[off + 6]
        src, dst = frame[off + 8:off + 24], frame[off + 24:off + 40]
        end = off + 40 + plen
        off += 40
    else:
        return None
    sport, dport = struct.unpack_from("!HH", frame, off)
    if proto == 6:
        seq, = struct.unpack_from("!I", frame, off + 4)
        hl = (frame[off + 12] >> 4) * 4
        return proto, src, sport, dst, dport, seq, frame[off + hl:end]
    if proto == 17:
        return proto, src, sport, dst, dport, 0, frame[off + 8:end]
    return None


def sessions(path):
    """Ordered dict: key -> list of (direction, seq, payload) for packets with payload."""
    out = {}
    for linktype, frame in frames(path):
        t = transport(linktype, frame)
        if not t:
            continue
        proto, src, sport, dst, dport, seq, payload = t
        fwd = (proto, src, sport, dst, dport)
        rev = (proto, dst, dport, src, sport)
        if rev in out:
            key, direction = rev, 1
        else:
            key, direction = fwd, 0
            out.setdefault(key, [])
        if payload:
            out[key].append((direction, seq, bytes(payload)))
    return out


def chunk(direction, payload, gap=False):
    ctl = direction | (2 if gap else 0)
    return bytes([ctl]) + struct.pack("!H", len(payload)) + (b"" if gap else payload)


def session_input(key, packets, split=0):
    proto, _, sport, _, dport = key
    out = bytes([1 if proto == 6 else 0]) + struct.pack("!HH", sport, dport)
    for direction, _, payload in packets:
        if split and len(payload) > split:
            out += chunk(direction, payload[:split]) + chunk(direction, payload[split:])
        else:
            out += chunk(direction, payload)
    return out


def reassembly_input(packets):
    """Segments of direction 0 with seq relative to the first, the first two swapped."""
    segs = [(s, p) for d, s, p in packets if d == 0]
    if not segs:
        return None
    isn = segs[0][0]
    if len(segs) > 1:
        segs[0], segs[1] = segs[1], segs[0]
    out = bytes([2]) + struct.pack("!HH", isn >> 16, isn & 0xFFFF)
    for s, p in segs:
        out += chunk(0, struct.pack("!I", (s - isn) & 0xFFFFFFFF) + p[:512])
    return out


def write(out_dir, target, data):
    d = os.path.join(out_dir, target)
    os.makedirs(d, exist_ok=True)
    name = "seed-" + hashlib.sha1(data).hexdigest()[:16]
    with open(os.path.join(d, name), "wb") as f:
        f.write(data)


def decoder_inputs(path, count):
    out, current = [], None
    for i, (linktype, frame) in enumerate(frames(path)):
        if i % 8 == 0:
            current = bytes([{1: 0, 101: 5}.get(linktype, 0)]) + b"\0\0\0\0"
            out.append(current)
        out[-1] += chunk(0, frame)
        if len(out) > count:
            break
    return out[:count]


def main():
    capture, out_dir = sys.argv[1], sys.argv[2]
    counts = {}
    for key, packets in sessions(capture).items():
        target = PARSER_PORTS.get(key[4])
        if not target or not packets or counts.get(target, 0) >= PER_TARGET:
            continue
        n = counts[target] = counts.get(target, 0) + 1
        write(out_dir, target, session_input(key, packets, split=7 * n))
        if counts.get("signatures", 0) < PER_TARGET:
            counts["signatures"] = counts.get("signatures", 0) + 1
            write(out_dir, "signatures", session_input(key, packets[:2]))
        if key[0] == 6 and counts.get("tcp_reassembly", 0) < PER_TARGET:
            r = reassembly_input(packets)
            if r:
                counts["tcp_reassembly"] = counts.get("tcp_reassembly", 0) + 1
                write(out_dir, "tcp_reassembly", r)
    for data in decoder_inputs(capture, PER_TARGET):
        write(out_dir, "decoder", data)


if __name__ == "__main__":
    main()
