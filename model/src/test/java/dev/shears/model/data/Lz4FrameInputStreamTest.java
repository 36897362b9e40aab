package dev.shears.model.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class Lz4FrameInputStreamTest {
  /** Made by {@code lz4 -B4 -BD} (64 KB linked blocks) from 201,761 bytes of text; its SHA-256 as sha256sum printed it. */
  private static final String LINKED = "/data/linked-blocks.txt.lz4";
  private static final String LINKED_SHA256 = "323b46ec146265890980ecd65357c48bc2b717cd27cf9a651b0e956d035905da";

  @Test
  void decodesLinkedBlocksThatReferToThePreviousBlock() throws Exception {
    byte[] plain;
    try (InputStream in = new Lz4FrameInputStream(resource(LINKED))) {
      plain = in.readAllBytes();
    }
    assertThat(plain).hasSize(201_761);
    assertThat(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(plain))).isEqualTo(LINKED_SHA256);
  }

  @Test
  void truncatedFrameIsAnIoErrorNotGarbage() throws Exception {
    byte[] whole = resource(LINKED).readAllBytes();
    byte[] cut = Arrays.copyOf(whole, whole.length / 2);
    assertThrows(IOException.class, () -> {
      try (InputStream in = new Lz4FrameInputStream(new ByteArrayInputStream(cut))) {
        in.readAllBytes();
      }
    });
  }

  @Test
  void matchPointingBeforeTheOutputIsRefused() {
    // token: 0 literals, match; offset 5 with nothing decoded yet.
    byte[] block = {0x00, 0x05, 0x00};
    IOException e = assertThrows(IOException.class, () -> Lz4FrameInputStream.decodeBlock(block, 3, new byte[64], 0));
    assertThat(e).hasMessageContaining("match offset 5");
  }

  @Test
  void overlappingMatchRepeatsTheLastBytes() throws IOException {
    // "ab" then a match of 6 at offset 2 -> "abababab", then a last literal "c".
    byte[] block = {0x22, 'a', 'b', 0x02, 0x00, 0x10, 'c'};
    byte[] out = new byte[16];
    int end = Lz4FrameInputStream.decodeBlock(block, block.length, out, 0);
    assertThat(new String(out, 0, end, StandardCharsets.US_ASCII)).isEqualTo("ababababc");
  }

  private static InputStream resource(String name) {
    InputStream in = Lz4FrameInputStreamTest.class.getResourceAsStream(name);
    assertThat(in).as(name).isNotNull();
    return in;
  }
}
