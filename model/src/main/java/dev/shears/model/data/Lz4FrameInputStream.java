package dev.shears.model.data;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;

/**
 * Decompresses the LZ4 frame format (lz4_Frame_format.md, v1.6), linked blocks included: apt writes its lz4
 * indexes with blocks that refer back into the previous 64 KB, which lz4-java's frame stream refuses
 * ("BLOCK_INDEPENDENCE must be set"). Checksums are skipped, not verified: apt has already checked the file's
 * SHA-256 against the signed Release file. Malformed input fails with an {@link IOException}.
 */
final class Lz4FrameInputStream extends InputStream {
  static final int MAGIC = 0x184D2204;
  private static final int SKIPPABLE_MASK = 0xFFFFFFF0;
  private static final int SKIPPABLE_MAGIC = 0x184D2A50;
  private static final int WINDOW = 64 * 1024;

  private final InputStream in;
  private byte[] out = new byte[0];
  private byte[] block = new byte[0];
  private int pos;
  private int limit;
  private boolean blockChecksum;
  private boolean contentChecksum;
  private boolean inFrame;
  private boolean eof;

  Lz4FrameInputStream(InputStream in) {
    this.in = in;
  }

  @Override
  public int read() throws IOException {
    byte[] one = new byte[1];
    return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    while (pos == limit) {
      if (eof || !fill()) {
        eof = true;
        return -1;
      }
    }
    int n = Math.min(len, limit - pos);
    System.arraycopy(out, pos, b, off, n);
    pos += n;
    return n;
  }

  /** Decodes the next block (reading a frame header first if needed); false at the end of the stream. */
  private boolean fill() throws IOException {
    if (!inFrame && !readHeader()) {
      return false;
    }
    int size = readIntLe();
    if (size == 0) {
      if (contentChecksum) {
        in.readNBytes(4);
      }
      inFrame = false;
      return true;
    }
    boolean stored = (size & 0x80000000) != 0;
    size &= 0x7FFFFFFF;
    int maxBlock = out.length - WINDOW;
    if (size > maxBlock) {
      throw new IOException("LZ4 block of " + size + " bytes exceeds the frame's maximum " + maxBlock);
    }
    slideWindow(maxBlock);
    if (stored) {
      readFully(out, limit, size);
      limit += size;
    } else {
      readFully(block, 0, size);
      limit = decodeBlock(block, size, out, limit);
    }
    if (blockChecksum) {
      in.readNBytes(4);
    }
    return true;
  }

  private void slideWindow(int maxBlock) {
    if (limit + maxBlock > out.length) {
      int keep = Math.min(WINDOW, limit);
      System.arraycopy(out, limit - keep, out, 0, keep);
      limit = keep;
    }
    pos = limit;
  }

  private boolean readHeader() throws IOException {
    while (true) {
      byte[] m = in.readNBytes(4);
      if (m.length == 0) {
        return false;
      }
      if (m.length < 4) {
        throw new EOFException("Truncated LZ4 frame magic");
      }
      int magic = le(m, 0);
      if ((magic & SKIPPABLE_MASK) == SKIPPABLE_MAGIC) {
        in.skipNBytes(Integer.toUnsignedLong(readIntLe()));
        continue;
      }
      if (magic != MAGIC) {
        throw new IOException(String.format("Not an LZ4 frame: magic 0x%08X", magic));
      }
      int flg = readByte();
      int bd = readByte();
      if ((flg >> 6) != 1) {
        throw new IOException("Unsupported LZ4 frame version " + (flg >> 6));
      }
      blockChecksum = (flg & 0x10) != 0;
      contentChecksum = (flg & 0x04) != 0;
      int maxBlock = switch ((bd >> 4) & 7) {
        case 4 -> 64 * 1024;
        case 5 -> 256 * 1024;
        case 6 -> 1024 * 1024;
        case 7 -> 4 * 1024 * 1024;
        default -> throw new IOException("Invalid LZ4 block maximum size code " + ((bd >> 4) & 7));
      };
      in.readNBytes(((flg & 0x08) != 0 ? 8 : 0) + ((flg & 0x01) != 0 ? 4 : 0) + 1); // size, dictID, HC
      if (out.length != WINDOW + maxBlock) {
        byte[] grown = new byte[WINDOW + maxBlock];
        int keep = Math.min(WINDOW, limit);
        System.arraycopy(out, limit - keep, grown, 0, keep);
        out = grown;
        limit = keep;
        pos = limit;
      }
      if (block.length < maxBlock) {
        block = new byte[maxBlock];
      }
      inFrame = true;
      return true;
    }
  }

  /**
   * Decodes one LZ4 block (sequences of literals then a match copied from earlier output) from {@code src[0,
   * n)} into {@code dst} at {@code at}; returns the new end of output.
   */
  static int decodeBlock(byte[] src, int n, byte[] dst, int at) throws IOException {
    int s = 0;
    int d = at;
    while (s < n) {
      int token = src[s++] & 0xff;
      int literals = token >>> 4;
      if (literals == 15) {
        int b;
        do {
          check(s < n, "literal length runs past the block");
          b = src[s++] & 0xff;
          literals += b;
        } while (b == 255);
      }
      check(s + literals <= n && d + literals <= dst.length, "literals run past the block or buffer");
      System.arraycopy(src, s, dst, d, literals);
      s += literals;
      d += literals;
      if (s == n) {
        break; // the last sequence has literals only
      }
      check(s + 2 <= n, "match offset runs past the block");
      int offset = (src[s] & 0xff) | (src[s + 1] & 0xff) << 8;
      s += 2;
      check(offset > 0 && offset <= d, "match offset " + offset + " points before the output");
      int match = (token & 15) + 4;
      if ((token & 15) == 15) {
        int b;
        do {
          check(s < n, "match length runs past the block");
          b = src[s++] & 0xff;
          match += b;
        } while (b == 255);
      }
      check(d + match <= dst.length, "match runs past the buffer");
      int from = d - offset;
      for (int i = 0; i < match; i++) {
        dst[d++] = dst[from++]; // overlapping copies repeat the last `offset` bytes, byte by byte
      }
    }
    return d;
  }

  private static void check(boolean ok, String what) throws IOException {
    if (!ok) {
      throw new IOException("Corrupt LZ4 block: " + what);
    }
  }

  private int readByte() throws IOException {
    int b = in.read();
    if (b < 0) {
      throw new EOFException("Truncated LZ4 frame header");
    }
    return b;
  }

  private int readIntLe() throws IOException {
    byte[] b = new byte[4];
    readFully(b, 0, 4);
    return le(b, 0);
  }

  private void readFully(byte[] b, int off, int len) throws IOException {
    if (in.readNBytes(b, off, len) != len) {
      throw new EOFException("Truncated LZ4 frame: expected " + len + " more bytes");
    }
  }

  private static int le(byte[] b, int i) {
    return (b[i] & 0xff) | (b[i + 1] & 0xff) << 8 | (b[i + 2] & 0xff) << 16 | (b[i + 3] & 0xff) << 24;
  }

  @Override
  public void close() throws IOException {
    in.close();
  }
}
