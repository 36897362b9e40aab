package dev.shears.orchestrator;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** The specs shipped inside the orchestrator jar (the demo sweep, the reproduction), read as bytes. */
final class BundledSpecs {
  private BundledSpecs() {}

  /** The resource {@code name} beside this class. */
  static byte[] read(String name) {
    try (InputStream in = BundledSpecs.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException("The spec " + name + " is missing from the orchestrator jar");
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read the bundled spec " + name, e);
    }
  }
}
