package dev.shears.broker.junit;

import org.junit.jupiter.api.extension.ExtendWith;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Runs the annotated test class against a real Kafka broker: one {@link dev.shears.broker.KafkaBroker} per
 * class, on free ports and a temporary data directory, removed after the class. Test methods, lifecycle
 * methods and constructors receive it as a {@code KafkaBroker} parameter, or its address as a
 * {@code @BootstrapServers String}.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ExtendWith(KafkaBrokerExtension.class)
public @interface RealKafka {
}
