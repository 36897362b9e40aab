package dev.shears.model.data;

import static java.util.Objects.requireNonNull;

/**
 * One binary package's English description from an apt {@code Translation-en} index: the one-line synopsis
 * and the long description, whitespace collapsed to single spaces.
 *
 * @param md5 the index's {@code Description-md5}, which identifies the description across index files
 */
public record PackageDescription(String packageName, String md5, String synopsis, String description) {
  public PackageDescription {
    requireNonNull(packageName, "packageName");
    requireNonNull(md5, "md5");
    requireNonNull(synopsis, "synopsis");
    requireNonNull(description, "description");
  }
}
