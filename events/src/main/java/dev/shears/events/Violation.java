package dev.shears.events;

import static java.util.Objects.requireNonNull;

/**
 * One problem with an event, located by its JSON path (e.g. {@code payload.gpus[1].name}).
 *
 * @param path the field, as a dotted path from the envelope root
 * @param message what is wrong with it
 */
public record Violation(String path, String message) {
  public Violation {
    requireNonNull(path, "path");
    requireNonNull(message, "message");
  }

  @Override
  public String toString() {
    return path + ": " + message;
  }
}
