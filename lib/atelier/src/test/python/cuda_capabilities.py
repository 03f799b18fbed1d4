#!/usr/bin/env python3
"""Lists the GPU compute capabilities that ND4J's CUDA backend carries code for.

Usage: cuda_capabilities.py JAR_OR_SO [--json]

JAR_OR_SO is the nd4j-cuda-*-linux-x86_64.jar that `mvn -Pcuda` resolves (the native library
libnd4jcuda.so is read out of it without unpacking it to disk) or the .so itself. CUDA keeps device
code in "fat binaries": each starts with the magic 0xBA55ED50 and holds entries of machine code
(cubin, kind 2) for one architecture sm_XY, or PTX (kind 1) that the driver can compile for newer
GPUs. Machine code for X.Y runs on GPUs X.Z with Z >= Y (same major version); PTX for X.Y runs on
any GPU >= X.Y. The script prints the fat binary count and, per architecture, how many carry
machine code and how many PTX.
"""
import json
import struct
import sys
import zipfile
from collections import Counter

MAGIC = b"\x50\xed\x55\xba"          # 0xBA55ED50, little-endian
HEADER = struct.Struct("<IHHQ")       # magic, version, header size, size of the entries that follow
ENTRY = struct.Struct("<HHIQIIHHI")   # kind, version, header size, payload size, compressed size, ?, minor, major?, arch


def read_library(path):
    if path.endswith(".jar"):
        with zipfile.ZipFile(path) as jar:
            names = [n for n in jar.namelist() if n.endswith("/libnd4jcuda.so")]
            if not names:
                sys.exit(f"{path}: no libnd4jcuda.so inside (is this the -linux-x86_64 classifier jar?)")
            return jar.read(names[0])
    with open(path, "rb") as f:
        return f.read()


def fat_binaries(data):
    """Yields (offset, [(kind, arch), ...]) for every fat binary in data."""
    pos = data.find(MAGIC)
    while pos != -1:
        magic, version, header_size, size = HEADER.unpack_from(data, pos)
        entries, e, end = [], pos + header_size, pos + header_size + size
        ok = version == 1 and header_size == HEADER.size and end <= len(data)
        while ok and e + ENTRY.size <= end:
            kind, _, eh, payload, _, _, _, _, arch = ENTRY.unpack_from(data, e)
            if kind not in (1, 2) or eh < ENTRY.size:
                ok = False
                break
            entries.append((kind, arch))
            e += eh + payload
        if ok and entries:
            yield pos, entries
            pos = data.find(MAGIC, end)
        else:
            pos = data.find(MAGIC, pos + 4)


def main(argv):
    if len(argv) < 2:
        sys.exit(__doc__)
    data = read_library(argv[1])
    count, cubin, ptx = 0, Counter(), Counter()
    for _, entries in fat_binaries(data):
        count += 1
        for kind, arch in entries:
            (cubin if kind == 2 else ptx)[arch] += 1
    cap = lambda a: f"{a // 10}.{a % 10}"
    result = {
        "fat_binaries": count,
        "machine_code": sorted({cap(a) for a in cubin}, key=float),
        "ptx": sorted({cap(a) for a in ptx}, key=float),
        "per_architecture": {cap(a): {"machine_code": cubin[a], "ptx": ptx[a]} for a in sorted(set(cubin) | set(ptx))},
    }
    if "--json" in argv:
        print(json.dumps(result, indent=1))
        return
    print(f"{count} fat binaries")
    print("machine code (cubin) for compute capabilities: " + ", ".join(result["machine_code"]))
    print("PTX (compiled by the driver for newer GPUs): " + (", ".join(result["ptx"]) or "none"))
    for c, n in result["per_architecture"].items():
        print(f"  sm_{c.replace('.', '')}: {n['machine_code']} with machine code, {n['ptx']} with PTX")


if __name__ == "__main__":
    main(sys.argv)
