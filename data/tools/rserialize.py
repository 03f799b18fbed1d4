"""Read R's binary (XDR) serialisation and lazy-load databases without R.

Only the Python standard library is used. Covers the object types that R data
packages hold: NULL, symbols, pairlists, logical/integer/double/complex/string
vectors, lists, raw vectors, environments (as dicts) and the compact ALTREP
integer/real sequences. Anything else raises ValueError naming the type code,
so an unexpected file fails loudly instead of decoding wrongly.

Formats (R Internals, "Serialization formats"; R sources src/main/serialize.c):
  stream  = "X\\n" int:version int:writer int:min-reader [v3: int:n bytes:encoding] item
  item    = int:flags payload; type = flags & 0xFF, has-attr = bit 9, has-tag = bit 10,
            CHARSXP encoding bits live in the "levels" field (flags >> 12).
  lazy-load database: NAME.rdx is a gzip'd serialised list(variables=, references=,
            compressed=); variables maps each name to c(offset, length) in NAME.rdb, where
            each object is a 4-byte big-endian uncompressed length + a zlib stream
            (compressed=TRUE), or length + one type byte ('Z' xz, '2' bzip2, '0' none)
            + the payload (compressed=2/3).
"""
import bz2
import gzip
import lzma
import struct
import zlib

NILSXP, SYMSXP, LISTSXP, CLOSXP, ENVSXP, PROMSXP, LANGSXP = 0, 1, 2, 3, 4, 5, 6
CHARSXP, LGLSXP, INTSXP, REALSXP, CPLXSXP, STRSXP = 9, 10, 13, 14, 15, 16
DOTSXP, VECSXP, EXPRSXP, RAWSXP, S4SXP = 17, 19, 20, 24, 25
REFSXP, NILVALUE_SXP, GLOBALENV_SXP, UNBOUNDVALUE_SXP, MISSINGARG_SXP = 255, 254, 253, 252, 251
BASENAMESPACE_SXP, NAMESPACESXP, PACKAGESXP, PERSISTSXP = 250, 249, 248, 247
EMPTYENV_SXP, BASEENV_SXP, ATTRLANGSXP, ATTRLISTSXP, ALTREP_SXP = 242, 241, 240, 239, 238
NA_INTEGER = -(2 ** 31)


class Symbol(str):
    """An R symbol (name)."""


class RObject:
    """An R value with attributes: .value is the Python value, .attributes a dict."""

    def __init__(self, value, attributes):
        self.value = value
        self.attributes = attributes

    def __repr__(self):
        return "RObject(%r, attrs=%r)" % (type(self.value).__name__, list(self.attributes))


class Pairlist(list):
    """An R pairlist / language object: a list of (tag or None, value)."""

    def __init__(self, items, kind):
        super().__init__(items)
        self.kind = kind


class _Reader:
    def __init__(self, data, where):
        self.data = data
        self.pos = 0
        self.refs = []
        self.where = where

    def fail(self, msg):
        raise ValueError("%s: %s (at byte %d of the serialisation)" % (self.where, msg, self.pos))

    def int(self):
        if self.pos + 4 > len(self.data):
            self.fail("truncated stream")
        (v,) = struct.unpack_from(">i", self.data, self.pos)
        self.pos += 4
        return v

    def bytes(self, n):
        if self.pos + n > len(self.data):
            self.fail("truncated stream")
        b = self.data[self.pos:self.pos + n]
        self.pos += n
        return b

    def length(self):
        n = self.int()
        if n == -1:
            hi, lo = self.int(), self.int()
            n = (hi << 32) + lo
        if n < 0:
            self.fail("negative length %d" % n)
        return n

    def header(self):
        if self.bytes(2) != b"X\n":
            self.fail("not an XDR binary R serialisation (expected 'X\\n')")
        version = self.int()
        self.int()  # writer R version
        self.int()  # minimal reader R version
        if version == 3:
            self.bytes(self.int())  # native encoding name
        elif version != 2:
            self.fail("unsupported serialisation version %d" % version)

    def attributes(self, has_attr):
        if not has_attr:
            return {}
        pl = self.item()
        return {str(tag): val for tag, val in pl} if isinstance(pl, Pairlist) else {}

    def wrap(self, value, attrs):
        return RObject(value, attrs) if attrs else value

    def item(self):
        flags = self.int()
        t = flags & 0xFF
        levels = flags >> 12
        has_attr = bool(flags & (1 << 9))
        has_tag = bool(flags & (1 << 10))

        if t == NILVALUE_SXP:
            return None
        if t in (GLOBALENV_SXP, EMPTYENV_SXP, BASEENV_SXP, BASENAMESPACE_SXP,
                 UNBOUNDVALUE_SXP, MISSINGARG_SXP):
            return Symbol("<special %d>" % t)
        if t == REFSXP:
            idx = flags >> 8
            if idx == 0:
                idx = self.int()
            if not 1 <= idx <= len(self.refs):
                self.fail("bad reference index %d" % idx)
            return self.refs[idx - 1]
        if t in (NAMESPACESXP, PACKAGESXP, PERSISTSXP):
            self.int()  # always 0
            n = self.int()
            names = [self.item() for _ in range(n)]
            val = Symbol("<%s %s>" % ({NAMESPACESXP: "namespace", PACKAGESXP: "package",
                                        PERSISTSXP: "persist"}[t], " ".join(map(str, names))))
            self.refs.append(val)
            return val
        if t == SYMSXP:
            val = Symbol(self.item())
            self.refs.append(val)
            return val
        if t == ENVSXP:
            env = {}
            self.refs.append(env)
            self.int()  # locked
            self.item()  # enclosure
            frame = self.item()
            table = self.item()
            self.item()  # attributes
            for part in (frame,) + (tuple(table) if isinstance(table, list) else ()):
                if isinstance(part, Pairlist):
                    for tag, val in part:
                        env[str(tag)] = val
            return env
        if t in (LISTSXP, LANGSXP, CLOSXP, PROMSXP, DOTSXP, ATTRLANGSXP, ATTRLISTSXP):
            items = []
            kind = t
            while True:
                if has_attr:
                    self.item()  # attributes of a cell: not needed here
                tag = self.item() if has_tag else None
                car = self.item()
                items.append((tag, car))
                # the CDR is read iteratively to avoid deep recursion on long pairlists
                flags = self.int()
                t = flags & 0xFF
                has_attr = bool(flags & (1 << 9))
                has_tag = bool(flags & (1 << 10))
                if t == NILVALUE_SXP:
                    return Pairlist(items, kind)
                if t not in (LISTSXP, LANGSXP, ATTRLANGSXP, ATTRLISTSXP):
                    self.pos -= 4
                    items.append((Symbol("<cdr>"), self.item()))
                    return Pairlist(items, kind)
        if t == CHARSXP:
            n = self.int()
            if n == -1:
                return None  # NA_character_
            raw = self.bytes(n)
            if levels & (1 << 2):  # LATIN1_MASK
                return raw.decode("latin-1")
            if levels & (1 << 1):  # BYTES_MASK
                return raw
            try:
                return raw.decode("utf-8")  # UTF8_MASK, ASCII_MASK, or native UTF-8
            except UnicodeDecodeError as e:
                self.fail("string is not UTF-8: %s" % e)
        if t in (LGLSXP, INTSXP):
            n = self.length()
            vals = list(struct.unpack(">%di" % n, self.bytes(4 * n)))
            vals = [None if v == NA_INTEGER else v for v in vals]
            if t == LGLSXP:
                vals = [None if v is None else bool(v) for v in vals]
            return self.wrap(vals, self.attributes(has_attr))
        if t == REALSXP:
            n = self.length()
            return self.wrap(list(struct.unpack(">%dd" % n, self.bytes(8 * n))),
                             self.attributes(has_attr))
        if t == CPLXSXP:
            n = self.length()
            v = struct.unpack(">%dd" % (2 * n), self.bytes(16 * n))
            return self.wrap([complex(v[2 * i], v[2 * i + 1]) for i in range(n)],
                             self.attributes(has_attr))
        if t == RAWSXP:
            n = self.length()
            return self.wrap(self.bytes(n), self.attributes(has_attr))
        if t == STRSXP:
            n = self.length()
            vals = []
            for _ in range(n):
                f = self.int()
                if f & 0xFF != CHARSXP:
                    self.fail("element of a character vector has type %d" % (f & 0xFF))
                self.pos -= 4
                vals.append(self.item())
            return self.wrap(vals, self.attributes(has_attr))
        if t in (VECSXP, EXPRSXP):
            n = self.length()
            vals = [self.item() for _ in range(n)]
            attrs = self.attributes(has_attr)
            names = attrs.get("names")
            if names is not None and len(names) == n:
                # a named list: keep order and names
                return RObject(list(zip(names, vals)), attrs)
            return self.wrap(vals, attrs)
        if t == ALTREP_SXP:
            info = self.item()
            state = self.item()
            attrs = self.item()
            cls = str(info[0][1]) if isinstance(info, Pairlist) and info else "?"
            if cls in ("compact_intseq", "compact_realseq"):
                vals = state.value if isinstance(state, RObject) else state
                n, start, step = int(vals[0]), vals[1], vals[2]
                seq = [start + i * step for i in range(n)]
                if cls == "compact_intseq":
                    seq = [int(x) for x in seq]
                value = seq
            elif cls in ("wrap_integer", "wrap_real", "wrap_string", "wrap_logical", "wrap_list"):
                value = state[0][1] if isinstance(state, Pairlist) else state
            else:
                self.fail("unsupported ALTREP class %r" % cls)
            if isinstance(attrs, Pairlist):
                return RObject(value, {str(k): v for k, v in attrs})
            return value
        self.fail("unsupported R object type %d" % t)


def unserialize(data, where="<bytes>"):
    """Decode one XDR serialisation (the bytes after any compression)."""
    r = _Reader(data, where)
    r.header()
    return r.item()


def read_rds(path):
    """Read an .rds / .rdx file (gzip'd or plain serialisation)."""
    with open(path, "rb") as f:
        raw = f.read()
    if raw[:2] == b"\x1f\x8b":
        raw = gzip.decompress(raw)
    return unserialize(raw, str(path))


def _decompress_entry(blob, where):
    if len(blob) < 5:
        raise ValueError("%s: entry too short (%d bytes)" % (where, len(blob)))
    (n,) = struct.unpack_from(">I", blob, 0)
    body = blob[4:]
    if body[:1] == b"x":  # zlib header byte 0x78
        out = zlib.decompress(body)
    elif body[:1] == b"Z":
        out = lzma.decompress(body[1:])
    elif body[:1] == b"2":
        out = bz2.decompress(body[1:])
    elif body[:1] == b"0":
        out = body[1:]
    else:
        raise ValueError("%s: unknown compression type byte %r" % (where, body[:1]))
    if len(out) != n:
        raise ValueError("%s: decompressed %d bytes, header says %d" % (where, len(out), n))
    return out


def read_lazyload_db(base):
    """Read every variable of a lazy-load database BASE.rdb/BASE.rdx into a dict name -> value."""
    index = read_rds(base + ".rdx")
    parts = dict(index.value)
    variables = parts["variables"]
    with open(base + ".rdb", "rb") as f:
        db = f.read()
    out = {}
    for name, where in variables.value:
        offset, length = (int(x) for x in where)
        blob = db[offset:offset + length]
        if len(blob) != length:
            raise ValueError("%s.rdb: variable %s runs past the end of the file" % (base, name))
        out[name] = unserialize(_decompress_entry(blob, "%s.rdb[%s]" % (base, name)),
                                "%s.rdb[%s]" % (base, name))
    return out
