#!/usr/bin/env python3
"""Writes a C header that holds a text file as one byte array, so the
program carries its built-in lesson and needs no file to teach it."""
import sys


def main() -> None:
    src, dst, name = sys.argv[1:4]
    with open(src, 'rb') as f:
        data = f.read() + b'\0'
    # A byte array rather than a string literal: C compilers need only
    # accept string literals of 4095 bytes.
    rows = [', '.join('0x%02x' % b for b in data[i:i + 16]) for i in range(0, len(data), 16)]
    with open(dst, 'w', encoding='ascii') as f:
        f.write('/* Generated from %s at build time; edit that file instead. */\n' % src.replace('\\', '/').split('/')[-1])
        f.write('static const unsigned char %s[] = {\n' % name)
        f.write(',\n'.join('    ' + row for row in rows))
        f.write('\n};\n')


if __name__ == '__main__':
    main()
