package dev.shears.model.rouge;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;

class PorterStemmerTest {

  private final PorterStemmer stemmer = new PorterStemmer();

  @Test
  void examplesFromPortersPaper() {
    assertThat(stemmer.stem("caresses")).isEqualTo("caress");
    assertThat(stemmer.stem("ponies")).isEqualTo("poni");
    assertThat(stemmer.stem("agreed")).isEqualTo("agre");
    assertThat(stemmer.stem("motoring")).isEqualTo("motor");
    assertThat(stemmer.stem("hopping")).isEqualTo("hop");
    assertThat(stemmer.stem("filing")).isEqualTo("file");
    assertThat(stemmer.stem("relational")).isEqualTo("relat");
    assertThat(stemmer.stem("controll")).isEqualTo("control");
    assertThat(stemmer.stem("generalizations")).isEqualTo("gener");
  }

  @Test
  void nltkExtensions() {
    assertThat(stemmer.stem("dying")).isEqualTo("die");
    assertThat(stemmer.stem("skies")).isEqualTo("sky");
    assertThat(stemmer.stem("news")).isEqualTo("news");
    assertThat(stemmer.stem("ties")).isEqualTo("tie");
    assertThat(stemmer.stem("spied")).isEqualTo("spi");
    assertThat(stemmer.stem("enjoy")).isEqualTo("enjoy");
    assertThat(stemmer.stem("happy")).isEqualTo("happi");
    assertThat(stemmer.stem("is")).isEqualTo("is");
    assertThat(stemmer.stem("Running")).isEqualTo("run");
  }

  @Test
  void longRunOfYsDoesNotOverflow() {
    assertThat(stemmer.stem("y".repeat(100_000))).startsWith("yyy");
  }

  /** 42k words stemmed by NLTK 3.10's PorterStemmer (evaluator-worker/tools/porter_golden.py). */
  @Test
  void agreesWithNltkOnGoldenWords() throws IOException {
    List<String> mismatches = new ArrayList<>();
    int count = 0;
    try (BufferedReader in = new BufferedReader(new InputStreamReader(new GZIPInputStream(
        getClass().getResourceAsStream("/golden/porter-nltk.tsv.gz")), StandardCharsets.UTF_8))) {
      for (String line; (line = in.readLine()) != null; ) {
        String[] parts = line.split("\t");
        count++;
        String actual = stemmer.stem(parts[0]);
        if (!actual.equals(parts[1])) {
          mismatches.add(parts[0] + ": nltk " + parts[1] + ", ours " + actual);
        }
      }
    }
    assertThat(count).isGreaterThan(40_000);
    assertThat(mismatches).isEmpty();
  }
}
