package dev.shears.launcher.orchestrator;

import dev.shears.orchestrator.OrchestratorClient;
import dev.shears.spec.ExperimentPlan;
import dev.shears.spec.InvalidSpecException;
import dev.shears.events.PathRoots;
import dev.shears.spec.SpecCompiler;
import dev.shears.spec.SpecLimits;
import dev.shears.spec.SpecProblem;
import dev.shears.spec.TrialPlan;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code shears submit SPEC}: sends an experiment spec (YAML or JSON) to the orchestrator. Invalid specs exit 2
 * with every problem as {@code path: message}. {@code --dry-run} validates and expands locally instead.
 */
@Command(name = "submit", mixinStandardHelpOptions = true,
    description = "Submit an experiment spec (YAML or JSON) to the orchestrator.")
public final class SubmitCommand implements Callable<Integer> {
  @Mixin
  private ApiOptions api;

  @Spec
  private CommandSpec spec;

  @Parameters(index = "0", paramLabel = "SPEC", description = "The spec file (.yaml, .yml or .json).")
  private Path file;

  @Option(names = "--dry-run",
      description = "Validate and expand the sweeps locally, print the trials, submit nothing.")
  private boolean dryRun;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    byte[] body;
    try {
      body = Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      err.println("shears submit: no such file " + file);
      err.flush();
      return ApiCalls.USER_ERROR;
    } catch (IOException e) {
      err.println("shears submit: cannot read " + file + ": " + e.getMessage());
      err.flush();
      return ApiCalls.USER_ERROR;
    }
    String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
    String contentType = name.endsWith(".json") ? "application/json" : "application/yaml";
    if (dryRun) {
      return dryRun(body, name, out, err);
    }
    OrchestratorClient client = api.client();
    OrchestratorClient.Response r = ApiCalls.call(() -> client.submit(body, contentType), api, err);
    if (r == null) {
      return ApiCalls.UNREACHABLE;
    }
    if (!r.ok()) {
      err.println("shears submit: " + file + " was refused (HTTP " + r.status() + "):");
      return ApiCalls.failure(r, err);
    }
    String id = r.body().path("experimentId").asText();
    int trials = r.body().path("trialCount").asInt();
    if (r.body().path("created").asBoolean()) {
      out.println("Submitted " + id + " (" + r.body().path("name").asText() + ", " + trials + " trials)");
    } else {
      out.println("Already submitted with this idempotencyKey: " + id + " (" + trials + " trials)");
    }
    out.flush();
    return ApiCalls.OK;
  }

  private int dryRun(byte[] body, String name, PrintWriter out, PrintWriter err) {
    SpecCompiler compiler = new SpecCompiler(SpecLimits.DEFAULT, PathRoots.under(Path.of(""))::resolveExisting);
    try {
      ExperimentPlan plan = compiler.compile(body, name);
      out.println(plan.name() + ": " + plan.trials().size() + " trials");
      for (TrialPlan t : plan.trials()) {
        out.println("  " + t.index() + "  gpus=" + t.gpus() + " mem=" + t.gpuMemoryGb() + "GB prio=" + t.priority()
            + "  " + t.typed().method().label() + "  " + t.params());
      }
      out.flush();
      return ApiCalls.OK;
    } catch (InvalidSpecException e) {
      err.println("shears submit: " + file + " is invalid:");
      for (SpecProblem p : e.problems()) {
        err.println(p.path() + ": " + p.message());
      }
      err.flush();
      return ApiCalls.USER_ERROR;
    }
  }
}
