package dev.shears.model.data;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.shears.model.T5Tokenizer;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The committed fixture tokenizer (trained by {@code shears data tokenizer}) encodes and decodes through DJL
 * exactly as Python {@code tokenizers} did when it wrote golden.json ({@code make_tokenizer_goldens.py}).
 */
class SubwordTokenizerGoldenTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void djlEncodesAndDecodesEveryGoldenTextAsPythonTokenizersDid(@TempDir Path dir) throws IOException {
    Path tokenizerFile = copy("tokenizer.json", dir);
    JsonNode golden;
    try (InputStream in = resource("golden.json")) {
      golden = JSON.readTree(in);
    }
    assertThat(golden.get("cases").size()).isGreaterThanOrEqualTo(16);
    try (T5Tokenizer tokenizer = T5Tokenizer.load(tokenizerFile)) {
      for (JsonNode c : golden.get("cases")) {
        String text = c.get("text").textValue();
        int[] expected = StreamSupport.stream(c.get("ids").spliterator(), false).mapToInt(JsonNode::intValue).toArray();
        int[] ids = tokenizer.encode(text);
        assertThat(ids).as("ids of %s", text).containsExactly(expected);
        assertThat(tokenizer.decode(ids)).as("decoded %s", text).isEqualTo(c.get("decoded").textValue());
      }
    }
  }

  @Test
  void specialTokensHaveT5Ids(@TempDir Path dir) throws IOException {
    JsonNode tokenizer = JSON.readTree(Files.readString(copy("tokenizer.json", dir)));
    JsonNode vocab = tokenizer.get("model").get("vocab");
    assertThat(vocab.get("<pad>").intValue()).isZero();
    assertThat(vocab.get("</s>").intValue()).isEqualTo(1);
    assertThat(vocab.get("<unk>").intValue()).isEqualTo(2);
    try (T5Tokenizer t = T5Tokenizer.load(dir.resolve("tokenizer.json"))) {
      assertThat(t.encode("")).containsExactly(1);
      assertThat(t.encode("naïve")).contains(2).endsWith(1);
    }
  }

  static Path copy(String name, Path dir) throws IOException {
    Path target = dir.resolve(name);
    try (InputStream in = resource(name)) {
      Files.copy(in, target);
    }
    return target;
  }

  private static InputStream resource(String name) {
    InputStream in = SubwordTokenizerGoldenTest.class.getResourceAsStream("/tokenizer/" + name);
    assertThat(in).as(name).isNotNull();
    return in;
  }
}
