#!/usr/bin/python3
"""Lets TorchSharp 0.107's libLibTorchSharp.so load on Debian 12's libstdc++ (GCC 12, up to GLIBCXX_3.4.30).

    /usr/bin/python3 weaken_glibcxx.py <path of libLibTorchSharp.so>

The library is built with GCC 13, whose <iostream> references std::ios_base_library_init() (GLIBCXX_3.4.32) only to
require a libstdc++ that initializes the standard streams itself: no relocation uses that symbol, nothing calls it.
That one reference makes the dynamic loader refuse the library ("version `GLIBCXX_3.4.32' not found"). This script
marks each libstdc++ version that the system's libstdc++ lacks as a weak requirement (VER_FLG_WEAK in the version-need
entry, which glibc then does not insist on), after checking that no relocation of the library uses a symbol of that
version; if one does, the library really needs a newer libstdc++ and the script fails, changing nothing. The streams
are still initialized: libtorch, built with an older GCC, constructs std::ios_base::Init as every pre-13 user does.
It edits the copy in the build output (never the NuGet cache) and is idempotent. Debian's binutils (readelf) only.
"""
import os
import re
import struct
import subprocess
import sys

SHT_GNU_VERNEED = 0x6FFFFFFE
VER_FLG_WEAK = 0x2


def system_versions():
    out = subprocess.run(["readelf", "-V", "-W", "/usr/lib/x86_64-linux-gnu/libstdc++.so.6"], check=True, text=True, stdout=subprocess.PIPE).stdout
    return set(re.findall(r"Name: ((?:GLIBCXX|CXXABI)_[0-9.]+)", out))


def relocated_versions(path):
    out = subprocess.run(["readelf", "-r", "-W", path], check=True, text=True, stdout=subprocess.PIPE).stdout
    return set(re.findall(r"@((?:GLIBCXX|CXXABI)_[0-9.]+)", out))


def main(path):
    data = bytearray(open(path, "rb").read())
    assert data[:4] == b"\x7fELF" and data[4] == 2 and data[5] == 1, "expected a 64-bit little-endian ELF file"
    shoff, = struct.unpack_from("<Q", data, 0x28)
    shentsize, shnum = struct.unpack_from("<HH", data, 0x3A)
    sections = [struct.unpack_from("<IIQQQQIIQQ", data, shoff + i * shentsize) for i in range(shnum)]
    verneed = next(s for s in sections if s[1] == SHT_GNU_VERNEED)
    dynstr = sections[verneed[6]]
    name_at = lambda off: data[dynstr[4] + off:data.index(b"\0", dynstr[4] + off)].decode()

    have, used = system_versions(), relocated_versions(path)
    weakened, entry = [], verneed[4]
    for _ in range(verneed[7]):
        _, count, file_name, aux, following = struct.unpack_from("<HHIII", data, entry)
        if name_at(file_name) == "libstdc++.so.6":
            at = entry + aux
            for _ in range(count):
                _, flags, _, name, next_aux = struct.unpack_from("<IHHII", data, at)
                version = name_at(name)
                if version not in have and not flags & VER_FLG_WEAK:
                    if version in used:
                        sys.exit(f"{path}: a relocation uses a symbol of {version}; this libstdc++ cannot run it")
                    struct.pack_into("<H", data, at + 4, flags | VER_FLG_WEAK)
                    weakened.append(version)
                at += next_aux
        if not following:
            break
        entry += following
    if weakened:
        # A new file in its place: a hard link into the NuGet cache, if the build made one, is left as it was.
        with open(path + ".tmp", "wb") as f:
            f.write(data)
        os.chmod(path + ".tmp", os.stat(path).st_mode)
        os.replace(path + ".tmp", path)
    print(f"{path}: {'weakened ' + ', '.join(weakened) if weakened else 'nothing to weaken'}")


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    main(sys.argv[1])
