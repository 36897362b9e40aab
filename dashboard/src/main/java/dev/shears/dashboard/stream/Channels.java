package dev.shears.dashboard.stream;

import java.util.LinkedHashSet;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Stream channel names: {@code experiments}, {@code fleet}, {@code experiment:<id>}, {@code trial:<id>}.
 * Ids are 1–128 characters of letters, digits and {@code . _ - :}.
 */
public final class Channels {
  /** Most channels one connection may watch. */
  public static final int MAX_CHANNELS = 256;
  private static final Pattern ID = Pattern.compile("[A-Za-z0-9._:\\-]{1,128}");

  private Channels() {}

  /** The channel of one trial. */
  public static String trial(String trialId) {
    return "trial:" + trialId;
  }

  /** The channel of one experiment's trial table and report. */
  public static String experiment(String experimentId) {
    return "experiment:" + experimentId;
  }

  /** Whether {@code id} is a well-formed experiment or trial id. */
  public static boolean validId(String id) {
    return id != null && ID.matcher(id).matches();
  }

  /**
   * Parses a comma-separated {@code channels} query parameter.
   *
   * @throws IllegalArgumentException naming the bad channel and the accepted forms
   */
  public static Set<String> parse(String param) {
    if (param == null || param.isBlank()) {
      throw new IllegalArgumentException("query parameter 'channels' is required, e.g. channels=experiments,fleet");
    }
    Set<String> out = new LinkedHashSet<>();
    for (String raw : param.split(",", -1)) {
      String c = raw.trim();
      boolean ok = c.equals("experiments") || c.equals("fleet")
          || (c.startsWith("experiment:") && validId(c.substring("experiment:".length())))
          || (c.startsWith("trial:") && validId(c.substring("trial:".length())));
      if (!ok) {
        throw new IllegalArgumentException("bad channel '" + abbreviate(c) + "' in 'channels'; expected experiments,"
            + " fleet, experiment:<id> or trial:<id> (ids: 1-128 of A-Z a-z 0-9 . _ - :)");
      }
      out.add(c);
    }
    if (out.size() > MAX_CHANNELS) {
      throw new IllegalArgumentException("'channels' names " + out.size() + " channels; at most " + MAX_CHANNELS);
    }
    return out;
  }

  private static String abbreviate(String s) {
    return s.length() <= 40 ? s : s.substring(0, 40) + "…";
  }
}
