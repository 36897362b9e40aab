package dev.shears.launcher;

/** Submits the built-in demo sweep to the orchestrator started by {@code shears up --demo}. */
final class DemoSubmission {
  private DemoSubmission() {}

  static String submit(LocalContext context) {
    throw new UserInputException("--demo needs the orchestrator, which this build does not include yet");
  }
}
