package dev.shears.events;

import java.util.List;

/** A record value that is not a valid event. {@link #reason()} is what lands in the dead-letter topic. */
public final class InvalidEventException extends Exception {
  private static final long serialVersionUID = 1L;

  /** Why a record was rejected; the dead-letter reason starts with its name. */
  public enum Kind {
    MALFORMED_JSON,
    UNKNOWN_TYPE,
    UNSUPPORTED_VERSION,
    MISSING_FIELD,
    INVALID_FIELD,
    OVERSIZED
  }

  private final Kind kind;
  private final List<Violation> violations;

  public InvalidEventException(Kind kind, List<Violation> violations, Throwable cause) {
    super(kind + ": " + violations, cause);
    this.kind = kind;
    this.violations = List.copyOf(violations);
  }

  public InvalidEventException(Kind kind, String path, String message) {
    this(kind, List.of(new Violation(path, message)), null);
  }

  public Kind kind() {
    return kind;
  }

  public List<Violation> violations() {
    return violations;
  }

  /** The path of the first violation, or null when the whole record is at fault. */
  public String path() {
    return violations.isEmpty() ? null : violations.get(0).path();
  }

  /** One line for the dead-letter topic: the kind, then every violation. */
  public String reason() {
    return getMessage();
  }
}
