package dev.shears.orchestrator.internal;

import dev.shears.spec.SpecProblem;
import java.util.List;

/** A request the API refuses: the HTTP status and the problems, each with the field or parameter at fault. */
public final class ApiException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final int status;
  private final transient List<SpecProblem> problems;

  public ApiException(int status, List<SpecProblem> problems) {
    super(status + " " + problems);
    this.status = status;
    this.problems = List.copyOf(problems);
  }

  public ApiException(int status, String path, String message) {
    this(status, List.of(new SpecProblem(path, message)));
  }

  public int status() {
    return status;
  }

  public List<SpecProblem> problems() {
    return problems;
  }
}
