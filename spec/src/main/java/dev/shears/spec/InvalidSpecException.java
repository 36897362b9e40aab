package dev.shears.spec;

import java.util.List;

/** A spec was rejected; {@link #problems()} lists every problem found, each with its field path. */
public final class InvalidSpecException extends Exception {
  private static final long serialVersionUID = 1L;

  private final transient List<SpecProblem> problems;

  public InvalidSpecException(List<SpecProblem> problems) {
    super("Invalid experiment spec: " + problems);
    if (problems.isEmpty()) {
      throw new IllegalArgumentException("an invalid spec needs at least one problem");
    }
    this.problems = List.copyOf(problems);
  }

  public InvalidSpecException(String path, String message) {
    this(List.of(new SpecProblem(path, message)));
  }

  public List<SpecProblem> problems() {
    return problems;
  }
}
