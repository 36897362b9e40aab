package dev.shears.model.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.shears.model.ModelFormatException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BpeTrainerTest {
  private static final List<String> SPECIALS = BpeTokenizerJson.T5_SPECIAL_TOKENS;

  @Test
  void mergesTheMostFrequentPairFirstAndBreaksTiesBySymbolOrder() {
    // Sennrich et al.'s example: "es" and "st" both occur 9 times; "e" sorts before "s".
    Map<String, Long> words = Map.of("▁low", 5L, "▁lower", 2L, "▁newest", 6L, "▁widest", 3L);
    BpeTrainer.Bpe bpe = new BpeTrainer(100, 2, SPECIALS).train(words);
    assertThat(bpe.merges().get(0)).containsExactly("e", "s");
    assertThat(bpe.merges().get(1)).containsExactly("es", "t");
    assertThat(bpe.vocab().keySet()).startsWith("<pad>", "</s>", "<unk>", "d", "e", "i", "l", "n", "o", "r", "s", "t",
        "w", "▁");
    assertThat(bpe.vocab()).containsEntry("est", 15).containsKey("▁low").containsKey("▁newest");
  }

  @Test
  void pairsBelowTheMinimumFrequencyAreNotMerged() {
    Map<String, Long> words = Map.of("▁low", 5L, "▁lower", 2L, "▁newest", 6L, "▁widest", 3L);
    BpeTrainer.Bpe bpe = new BpeTrainer(100, 4, SPECIALS).train(words);
    assertThat(bpe.vocab()).containsKey("▁newest").containsKey("▁low")
        .doesNotContainKey("er").doesNotContainKey("▁widest").doesNotContainKey("id");
  }

  @Test
  void stopsAtTheVocabularySize() {
    Map<String, Long> words = Map.of("▁abcdefgh", 10L);
    BpeTrainer.Bpe bpe = new BpeTrainer(13, 1, SPECIALS).train(words);
    assertThat(bpe.vocab()).hasSize(13);
    assertThat(bpe.merges()).hasSize(1);
  }

  @Test
  void rareCharactersStayOutOfTheAlphabetAndOutOfMerges() {
    Map<String, Long> words = Map.of("▁abq", 5L, "▁ab", 5L);
    BpeTrainer.Bpe bpe = new BpeTrainer(50, 6, SPECIALS).train(words);
    assertThat(bpe.vocab()).doesNotContainKey("q").containsKey("▁ab");
    assertThat(bpe.merges()).noneMatch(m -> (m[0] + m[1]).contains("q"));
  }

  @Test
  void aVocabularyTooSmallForTheAlphabetIsRefusedNamingBoth() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new BpeTrainer(5, 1, SPECIALS).train(Map.of("▁abc", 1L)));
    assertThat(e).hasMessageContaining("vocabulary size 5").hasMessageContaining("4 characters");
  }

  @Test
  void trainingTheFixtureSplitReproducesTheCommittedTokenizerByteForByte(@TempDir Path dir) throws IOException {
    Path train = SubwordTokenizerGoldenTest.copy("train.jsonl", dir);
    TokenizerTraining.Summary s = new TokenizerTraining()
        .train(train, List.of("description", "synopsis"), 400, 2, dir.resolve("out"));
    assertThat(s.lines()).isEqualTo(70);
    assertThat(s.vocabSize()).isEqualTo(400);
    Path committed = SubwordTokenizerGoldenTest.copy("tokenizer.json", dir);
    assertThat(Files.readString(dir.resolve("out/tokenizer.json"))).isEqualTo(Files.readString(committed));
    assertThat(Files.readString(dir.resolve("out/tokenizer_config.json")))
        .contains("\"eos_token\" : \"</s>\"").contains("PreTrainedTokenizerFast");
  }

  @Test
  void aMissingFieldNamesFileLineAndField(@TempDir Path dir) throws IOException {
    Path f = dir.resolve("train.jsonl");
    Files.writeString(f, "{\"description\": \"a b\", \"synopsis\": \"c\"}\n{\"description\": \"d\"}\n");
    ModelFormatException e = assertThrows(ModelFormatException.class,
        () -> new TokenizerTraining().wordCounts(f, List.of("description", "synopsis")));
    assertThat(e).hasMessageContaining(f + ":2: field 'synopsis' is missing");
  }

  @Test
  void preTokenizerSplitsOnUnicodeWhiteSpaceAfterNfkc() {
    assertThat(new SubwordPreTokenizer().words(" ﬁne\u00a0day\tok  ")).containsExactly("▁fine", "▁day", "▁ok");
  }
}
