package dev.shears.events;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The experiment's tags and free-text note, as a user last set them (each event replaces both).
 *
 * @param tags short labels for finding experiments: see {@link #problems}
 * @param note free text; may be empty
 */
public record ExperimentAnnotated(
    List<String> tags,
    String note)
    implements ExperimentEvent {
  /** Most tags on one experiment. */
  public static final int MAX_TAGS = 16;
  /** Longest tag, in characters. */
  public static final int MAX_TAG_LENGTH = 32;
  /** Longest note, in characters. */
  public static final int MAX_NOTE_LENGTH = 2000;
  private static final Pattern TAG = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:/+-]*");

  public ExperimentAnnotated {
    tags = List.copyOf(requireNonNull(tags, "tags"));
    requireNonNull(note, "note");
  }

  /**
   * Every problem with a user's tags and note, with the field at fault ({@code tags[2]}, {@code note}); empty when
   * they may be written.
   */
  public static List<Violation> problems(List<String> tags, String note) {
    List<Violation> out = new ArrayList<>();
    if (tags.size() > MAX_TAGS) {
      out.add(new Violation("tags", "at most " + MAX_TAGS + " tags, got " + tags.size()));
    }
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < tags.size(); i++) {
      String tag = tags.get(i);
      String at = "tags[" + i + "]";
      if (tag == null || tag.isEmpty()) {
        out.add(new Violation(at, "must not be empty"));
      } else if (tag.length() > MAX_TAG_LENGTH) {
        out.add(new Violation(at, "'" + tag.substring(0, MAX_TAG_LENGTH) + "…' is " + tag.length()
            + " characters; at most " + MAX_TAG_LENGTH));
      } else if (!TAG.matcher(tag).matches()) {
        out.add(new Violation(at, "'" + tag + "' may hold only letters, digits and . _ : / + - (starting with a"
            + " letter or digit)"));
      } else if (!seen.add(tag)) {
        out.add(new Violation(at, "'" + tag + "' is repeated"));
      }
    }
    if (note == null) {
      out.add(new Violation("note", "is required (send \"\" for none)"));
    } else if (note.length() > MAX_NOTE_LENGTH) {
      out.add(new Violation("note", "is " + note.length() + " characters; at most " + MAX_NOTE_LENGTH));
    } else {
      for (int i = 0; i < note.length(); i++) {
        char c = note.charAt(i);
        if (Character.isISOControl(c) && c != '\n' && c != '\t' && c != '\r') {
          out.add(new Violation("note", String.format("holds the control character U+%04X at position %d; only"
              + " line breaks and tabs are allowed", (int) c, i)));
          break;
        }
      }
    }
    return out;
  }
}
