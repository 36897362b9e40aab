package dev.shears.model.data;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;

/**
 * The Java twin of the written tokenizer.json's normaliser and pre-tokeniser, used to count training words:
 * NFKC, then split on Unicode white space ({@code WhitespaceSplit}), then {@code ▁} before every word
 * ({@code Metaspace}, prepend_scheme "always"). Encoding itself is done by Hugging Face tokenizers (through
 * DJL or Python), never here, so a corner where this twin differs (a Unicode version apart) only shifts the
 * training counts.
 */
public final class SubwordPreTokenizer {
  /** SentencePiece's word-boundary mark, U+2581. */
  public static final String META = "\u2581";

  /** The pre-tokenised words of {@code text}, each starting with {@link #META}. */
  public List<String> words(String text) {
    String s = Normalizer.normalize(text, Normalizer.Form.NFKC);
    List<String> out = new ArrayList<>();
    int start = -1;
    for (int i = 0; i < s.length(); ) {
      int cp = s.codePointAt(i);
      if (isWhiteSpace(cp)) {
        if (start >= 0) {
          out.add(META + s.substring(start, i));
          start = -1;
        }
      } else if (start < 0) {
        start = i;
      }
      i += Character.charCount(cp);
    }
    if (start >= 0) {
      out.add(META + s.substring(start));
    }
    return out;
  }

  /** Unicode's White_Space property, which Rust's {@code char::is_whitespace} (and so WhitespaceSplit) uses. */
  static boolean isWhiteSpace(int cp) {
    return (cp >= 0x09 && cp <= 0x0D) || cp == 0x20 || cp == 0x85 || cp == 0xA0 || cp == 0x1680
        || (cp >= 0x2000 && cp <= 0x200A) || cp == 0x2028 || cp == 0x2029 || cp == 0x202F || cp == 0x205F
        || cp == 0x3000;
  }
}
