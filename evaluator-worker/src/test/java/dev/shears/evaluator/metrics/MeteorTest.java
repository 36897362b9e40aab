package dev.shears.evaluator.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class MeteorTest {

  private static WordNetSynonyms wordNet;

  @BeforeAll
  static void loadWordNet() {
    wordNet = WordNetSynonyms.fromClasspath();
  }

  private static List<String> words(String s) {
    return List.of(s.split(" "));
  }

  @Test
  void banerjeeLavieChunkExample() {
    // 6 of 6 hypothesis words match, 6 of 7 reference words: Fmean = (6/7) / (0.9 + 0.1·6/7).
    // Two chunks ("the president" | "spoke to the audience"): penalty = 0.5·(2/6)³.
    double fmean = (6.0 / 7) / (0.9 + 0.1 * 6.0 / 7);
    double expected = (1 - 0.5 * Math.pow(2.0 / 6, 3)) * fmean;
    double actual = new Meteor(wordNet).score(words("the president then spoke to the audience"),
        words("the president spoke to the audience"));
    assertThat(actual).isCloseTo(expected, within(1e-12));
  }

  @Test
  void nltkDocumentedExamples() {
    List<String> hyp1 = words("It is a guide to action which ensures that the military always obeys the commands of the party");
    List<String> ref1 = words("It is a guide to action that ensures that the military will forever heed Party commands");
    List<String> ref2 = words("It is the guiding principle which guarantees the military forces always being under the command of the Party");
    List<String> ref3 = words("It is the practical guide for the army always to heed the directions of the party");
    Meteor meteor = new Meteor(wordNet);
    assertThat(meteor.score(ref1, hyp1)).isCloseTo(0.6944, within(5e-5));
    assertThat(meteor.scoreMax(List.of(ref1, ref2, ref3), hyp1)).isCloseTo(0.6944, within(5e-5));
    assertThat(meteor.score(words("this is a cat"), words("non matching hypothesis"))).isZero();
  }

  @Test
  void synonymModuleMatchesWordNetSynonyms() {
    Meteor full = new Meteor(wordNet);
    Meteor exactStem = new Meteor(null);
    assertThat(full.modules()).containsExactly("exact", "stem", "synonym");
    assertThat(exactStem.modules()).containsExactly("exact", "stem");
    // "auto" and "car" share a synset; stemming alone cannot match them. (As in NLTK the reference side
    // is compared by its stem, so "automobile", stemmed to "automobil", would not match "car".)
    assertThat(exactStem.score(words("the car"), words("the auto"))).isLessThan(0.6);
    assertThat(full.score(words("the car"), words("the auto"))).isGreaterThan(0.9);
    assertThat(full.score(words("the automobile"), words("the car"))).isLessThan(0.6);
    assertThat(wordNet.synonyms("car")).contains("automobile", "auto", "machine");
  }

  @Test
  void stemModuleMatchesInflections() {
    assertThat(new Meteor(null).score(words("he walks home"), words("he walked home")))
        .isEqualTo(new Meteor(null).score(words("he walks home"), words("he walks home")));
  }

  /** 246 pairs scored by NLTK 3.10's single_meteor_score with the same WordNet 3.0 files (tools/meteor_golden.py). */
  @Test
  void agreesWithNltkOnGoldenPairs() throws IOException {
    ObjectMapper json = new ObjectMapper();
    Meteor full = new Meteor(wordNet);
    Meteor exactStem = new Meteor(null);
    List<String> mismatches = new ArrayList<>();
    int count = 0;
    try (BufferedReader in = new BufferedReader(new InputStreamReader(
        getClass().getResourceAsStream("/golden/meteor-nltk.jsonl"), StandardCharsets.UTF_8))) {
      for (String line; (line = in.readLine()) != null; ) {
        JsonNode row = json.readTree(line);
        List<String> ref = new ArrayList<>();
        row.get("reference").forEach(n -> ref.add(n.asText()));
        List<String> hyp = new ArrayList<>();
        row.get("hypothesis").forEach(n -> hyp.add(n.asText()));
        count++;
        double a = full.score(ref, hyp);
        double b = exactStem.score(ref, hyp);
        if (Math.abs(a - row.get("meteor").asDouble()) > 1e-12
            || Math.abs(b - row.get("meteorExactStem").asDouble()) > 1e-12) {
          mismatches.add(ref + " / " + hyp + ": nltk " + row.get("meteor") + ", " + row.get("meteorExactStem")
              + "; ours " + a + ", " + b);
        }
      }
    }
    assertThat(count).isEqualTo(246);
    assertThat(mismatches).isEmpty();
  }

  @Test
  void tokenizerSplitsPunctuation() {
    assertThat(Meteor.tokenize("Hello, world! It's state-of-the-art."))
        .containsExactly("Hello", ",", "world", "!", "It's", "state-of-the-art", ".");
  }
}
