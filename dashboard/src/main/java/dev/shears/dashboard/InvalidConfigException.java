package dev.shears.dashboard;

/** A dashboard setting is invalid; the message names the setting, its value and the rule it breaks. */
public final class InvalidConfigException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  public InvalidConfigException(String name, Object value, String reason) {
    super("Invalid value " + value + " for configuration " + name + ": " + reason);
  }
}
