package dev.shears.launcher;

import java.util.List;

/** The services {@code shears up} starts, in start order. */
final class LocalServices {
  private LocalServices() {}

  static List<LocalService> all() {
    return List.of();
  }
}
