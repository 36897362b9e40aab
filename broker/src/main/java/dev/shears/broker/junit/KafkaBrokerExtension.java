package dev.shears.broker.junit;

import dev.shears.broker.KafkaBroker;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * Starts one real Kafka broker per top-level test class (stored in that class's extension store, so it is
 * stopped and its temporary data directory deleted when the class finishes; started with
 * {@link KafkaBroker#FAST_START_JVM_OPTIONS}) and resolves
 * {@link KafkaBroker} and {@code @}{@link BootstrapServers} {@code String} parameters. Use it through
 * {@link RealKafka} or {@code @ExtendWith(KafkaBrokerExtension.class)}.
 */
public final class KafkaBrokerExtension implements BeforeAllCallback, ParameterResolver {

  private static final ExtensionContext.Namespace NAMESPACE =
      ExtensionContext.Namespace.create(KafkaBrokerExtension.class);

  @Override
  public void beforeAll(ExtensionContext context) {
    broker(context);
  }

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    Class<?> type = parameter.getParameter().getType();
    return type == KafkaBroker.class
        || type == String.class && parameter.isAnnotated(BootstrapServers.class);
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    KafkaBroker broker = broker(context);
    return parameter.getParameter().getType() == KafkaBroker.class ? broker : broker.bootstrapServers();
  }

  /** The broker of the outermost test class of {@code context}, started on first use. */
  private static KafkaBroker broker(ExtensionContext context) {
    ExtensionContext classContext = outermostClass(context);
    return classContext.getStore(NAMESPACE)
        .getOrComputeIfAbsent(RunningBroker.class, k -> RunningBroker.start(classContext), RunningBroker.class)
        .broker();
  }

  private static ExtensionContext outermostClass(ExtensionContext context) {
    ExtensionContext current = context;
    while (current.getParent().isPresent() && current.getParent().get().getTestClass().isPresent()) {
      current = current.getParent().get();
    }
    if (current.getTestClass().isEmpty()) {
      throw new ParameterResolutionException("KafkaBrokerExtension needs a test class context");
    }
    return current;
  }

  /** A broker and the temporary directory it owns; closed by JUnit with the class's store. */
  private record RunningBroker(KafkaBroker broker, Path dataDir) implements AutoCloseable {

    static RunningBroker start(ExtensionContext classContext) {
      Path dir;
      try {
        dir = Files.createTempDirectory("shears-kafka-" + classContext.getRequiredTestClass().getSimpleName());
      } catch (IOException e) {
        throw new UncheckedIOException("Cannot create a temporary Kafka data directory", e);
      }
      try {
        KafkaBroker broker = KafkaBroker.builder().dataDir(dir).jvmOptions(KafkaBroker.FAST_START_JVM_OPTIONS).build();
        return new RunningBroker(broker.start(), dir);
      } catch (RuntimeException e) {
        deleteQuietly(dir);
        throw e;
      }
    }

    @Override
    public void close() {
      try {
        broker.close();
      } finally {
        deleteQuietly(dataDir);
      }
    }

    private static void deleteQuietly(Path dir) {
      try {
        Files.walkFileTree(dir, new SimpleFileVisitor<>() {
          @Override
          public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
            Files.deleteIfExists(file);
            return FileVisitResult.CONTINUE;
          }

          @Override
          public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
            Files.deleteIfExists(d);
            return FileVisitResult.CONTINUE;
          }
        });
      } catch (IOException e) {
        // A leftover temporary directory does not fail a test run.
      }
    }
  }
}
